/**
 * The API report: every name each package entry point exports (`tfgrid-iac`, `/engine`, `/pulumi`,
 * `/register`) with its signature, as `api/<entry>.api.md`. `api-report.test.ts` fails when the
 * source no longer matches the recorded report, so a change of the public surface is always a
 * deliberate commit: `npm run api:update` rewrites the files. Members tagged `@internal` and private
 * or protected members are left out. Built on the TypeScript compiler API rather than
 * api-extractor: it reads the sources directly (no build first) and handles several entry points
 * in one program.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..');

/** Entry point file -> the import path users write. */
export const ENTRY_POINTS: Readonly<Record<string, string>> = {
  'index.ts': 'tfgrid-iac',
  'entry/engine.ts': 'tfgrid-iac/engine',
  'entry/pulumi.ts': 'tfgrid-iac/pulumi',
  'entry/register.ts': 'tfgrid-iac/register',
};

const FORMAT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;

function isInternal(decl: ts.Declaration): boolean {
  return ts.getJSDocTags(decl).some((t) => t.tagName.text === 'internal');
}

function hidden(decl: ts.Declaration | undefined): boolean {
  if (!decl) return false;
  const flags = ts.getCombinedModifierFlags(decl);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return true;
  if (ts.isPrivateIdentifier((decl as { name?: ts.Node }).name ?? decl)) return true;
  return isInternal(decl);
}

class Reporter {
  private readonly checker: ts.TypeChecker;

  constructor(private readonly program: ts.Program) {
    this.checker = program.getTypeChecker();
  }

  /** The report of one entry point's exports, sorted by name. */
  entry(file: string): string {
    const source = this.program.getSourceFile(path.join(ROOT, file));
    const moduleSymbol = source && this.checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${file}: not a module`);
    const lines: string[] = [];
    const exports = this.checker
      .getExportsOfModule(moduleSymbol)
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const exported of exports) {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exported) : exported;
      lines.push(...this.symbol(exported.name, symbol), '');
    }
    // the checker names types of other files by absolute path: make the report independent of where the clone is
    return lines.join('\n').split(`import("${ROOT.split(path.sep).join('/')}/`).join('import("./');
  }

  private symbol(name: string, symbol: ts.Symbol): string[] {
    const decl = symbol.declarations?.[0];
    const at = decl ?? ts.factory.createIdentifier(name);
    const out: string[] = [];
    if (symbol.flags & ts.SymbolFlags.Class) out.push(...this.classOf(name, symbol, at));
    if (symbol.flags & ts.SymbolFlags.Interface) out.push(...this.interfaceOf(name, symbol));
    if (symbol.flags & ts.SymbolFlags.TypeAlias) {
      const type = this.checker.getDeclaredTypeOfSymbol(symbol);
      const text =
        decl && ts.isTypeAliasDeclaration(decl)
          ? decl.type.getText()
          : this.checker.typeToString(type, at, FORMAT);
      out.push(`type ${name} = ${text.replace(/\s+/g, ' ')};`);
    }
    if (symbol.flags & ts.SymbolFlags.Function) {
      for (const sig of this.checker.getTypeOfSymbolAtLocation(symbol, at).getCallSignatures())
        out.push(`function ${name}${this.checker.signatureToString(sig, at, FORMAT)};`);
    }
    if (symbol.flags & ts.SymbolFlags.Variable) {
      const type = this.checker.getTypeOfSymbolAtLocation(symbol, at);
      out.push(`const ${name}: ${this.checker.typeToString(type, at, FORMAT)};`);
    }
    if (out.length === 0) out.push(`// ${name}: ${ts.SymbolFlags[symbol.flags] ?? symbol.flags}`);
    return out;
  }

  private classOf(name: string, symbol: ts.Symbol, at: ts.Node): string[] {
    const instance = this.checker.getDeclaredTypeOfSymbol(symbol) as ts.InterfaceType;
    const bases = this.checker.getBaseTypes(instance).map((b) => this.checker.typeToString(b, at, FORMAT));
    const out = [`class ${name}${bases.length ? ` extends ${bases.join(', ')}` : ''} {`];
    const statics = this.checker.getTypeOfSymbolAtLocation(symbol, at);
    for (const sig of statics.getConstructSignatures()) {
      if (sig.declaration && hidden(sig.declaration)) continue;
      const params = sig.parameters.map((p) => this.param(p, at)).join(', ');
      out.push(`  constructor(${params});`);
    }
    for (const member of this.checker.getPropertiesOfType(statics)) {
      if (member.name === 'prototype') continue;
      out.push(...this.member(member, at, 'static '));
    }
    // own members and inherited ones that the class re-declares; the rest show in the base's entry
    const own = (instance.symbol.members ? [...instance.symbol.members.values()] : []).filter(
      (m) =>
        m.name !== '__constructor' &&
        m.flags & (ts.SymbolFlags.Property | ts.SymbolFlags.Method | ts.SymbolFlags.Accessor),
    );
    for (const member of own.sort((a, b) => a.name.localeCompare(b.name)))
      out.push(...this.member(member, at, ''));
    out.push('}');
    return out;
  }

  private interfaceOf(name: string, symbol: ts.Symbol): string[] {
    const type = this.checker.getDeclaredTypeOfSymbol(symbol) as ts.InterfaceType;
    const at = symbol.declarations![0];
    const bases = this.checker.getBaseTypes(type).map((b) => this.checker.typeToString(b, at, FORMAT));
    const out = [`interface ${name}${bases.length ? ` extends ${bases.join(', ')}` : ''} {`];
    const members = symbol.members ? [...symbol.members.values()] : [];
    for (const member of members.sort((a, b) => a.name.localeCompare(b.name)))
      out.push(...this.member(member, at, ''));
    out.push('}');
    return out;
  }

  private member(member: ts.Symbol, at: ts.Node, prefix: string): string[] {
    const decl = member.valueDeclaration ?? member.declarations?.[0];
    if (hidden(decl)) return [];
    const type = this.checker.getTypeOfSymbolAtLocation(member, decl ?? at);
    if (member.flags & ts.SymbolFlags.Method) {
      return type
        .getCallSignatures()
        .map((sig) => `  ${prefix}${member.name}${this.checker.signatureToString(sig, at, FORMAT)};`);
    }
    const readonly =
      decl && ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Readonly
        ? 'readonly '
        : member.flags & ts.SymbolFlags.GetAccessor && !(member.flags & ts.SymbolFlags.SetAccessor)
          ? 'get '
          : '';
    const optional = member.flags & ts.SymbolFlags.Optional ? '?' : '';
    return [
      `  ${prefix}${readonly}${member.name}${optional}: ${this.checker.typeToString(type, at, FORMAT)};`,
    ];
  }

  private param(p: ts.Symbol, at: ts.Node): string {
    const decl = p.valueDeclaration as ts.ParameterDeclaration | undefined;
    const optional = decl && (decl.questionToken || decl.initializer) ? '?' : '';
    return `${p.name}${optional}: ${this.checker.typeToString(this.checker.getTypeOfSymbolAtLocation(p, at), at, FORMAT)}`;
  }
}

/** The report files: `api/<entry>.api.md` -> content. */
export function apiReports(): Map<string, string> {
  const configFile = path.join(ROOT, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const program = ts.createProgram({
    rootNames: Object.keys(ENTRY_POINTS).map((f) => path.join(ROOT, f)),
    options: { ...parsed.options, noEmit: true },
  });
  const reporter = new Reporter(program);
  const reports = new Map<string, string>();
  for (const [file, importPath] of Object.entries(ENTRY_POINTS)) {
    const body = reporter.entry(file);
    reports.set(
      path.join('api', `${path.basename(file, '.ts')}.api.md`),
      `# API report: \`${importPath}\`\n\n<!-- generated by api/report.ts (npm run api:update): do not edit -->\n\n\`\`\`ts\n${body}\`\`\`\n`,
    );
  }
  return reports;
}

if (require.main === module) {
  const update = process.argv.includes('--update');
  let stale = 0;
  for (const [file, content] of apiReports()) {
    const abs = path.join(ROOT, file);
    const old = fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : '';
    if (old === content) continue;
    stale++;
    if (update) fs.writeFileSync(abs, content);
    console.log(`${update ? 'updated' : 'differs'}: ${file}`);
  }
  if (!update && stale > 0) process.exitCode = 1;
}
