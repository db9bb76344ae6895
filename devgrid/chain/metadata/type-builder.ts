/**
 * Builds the portable type lookup of a v14 metadata from short type strings ("Vec<Twin>",
 * "Option<Bytes>", "[u8; 32]") and named struct/enum specs, the way a Rust runtime's scale-info
 * would describe them. Clients with no custom types decode everything from this lookup.
 */

/** Fields of a struct or enum variant: named (`{ id: 'u32' }`) or unnamed (`['u32', 'u64']`). */
export type FieldsSpec = Readonly<Record<string, string>> | readonly string[];

/** A named composite type (Rust struct). */
export interface StructSpec {
  /** Rust path, e.g. `pallet_tfgrid::types::Twin` (clients derive type names from it) */
  readonly path: string;
  readonly fields: FieldsSpec;
  /** generic parameters, name -> type string (clients use some, e.g. on UncheckedExtrinsic) */
  readonly params?: Readonly<Record<string, string>>;
  /** encode as a byte sequence instead (opaque wrappers such as UncheckedExtrinsic) */
  readonly opaqueBytes?: boolean;
}

/** A variant of an enum: no data, one unnamed type, or fields; an explicit index when not positional. */
export type VariantSpec =
  | null
  | string
  | FieldsSpec
  | { readonly index: number; readonly fields: FieldsSpec | null };

/** A named variant type (Rust enum). Variant indices are positional unless given. */
export interface EnumSpec {
  readonly path: string;
  readonly variants: Readonly<Record<string, VariantSpec>>;
  readonly params?: Readonly<Record<string, string>>;
}

export type TypeSpec = StructSpec | EnumSpec;

/** One entry of the portable registry, in the JSON shape @polkadot/types accepts. */
export interface PortableTypeJson {
  id: number;
  type: {
    path: string[];
    params: { name: string; type: number | null }[];
    def: Record<string, unknown>;
    docs: string[];
  };
}

const PRIMITIVES = new Set([
  'bool',
  'char',
  'str',
  'u8',
  'u16',
  'u32',
  'u64',
  'u128',
  'u256',
  'i8',
  'i16',
  'i32',
  'i64',
  'i128',
  'i256',
]);

interface Field {
  name: string | null;
  type: number;
  typeName: string | null;
  docs: string[];
}

/** Collects types and hands out stable lookup ids; identical type strings share one id. */
export class TypeBuilder {
  private readonly entries: PortableTypeJson[] = [];
  private readonly ids = new Map<string, number>();

  constructor(private readonly named: Readonly<Record<string, TypeSpec>>) {}

  /** All collected types, ids 0..n-1. */
  get types(): readonly PortableTypeJson[] {
    return this.entries;
  }

  /** The lookup id of a type string, adding it (and what it refers to) when new. */
  id(typeString: string): number {
    const key = typeString.replace(/\s+/g, '');
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    return this.add(key);
  }

  private reserve(key: string, path: string[] = []): PortableTypeJson {
    const entry: PortableTypeJson = {
      id: this.entries.length,
      type: { path, params: [], def: {}, docs: [] },
    };
    this.entries.push(entry);
    this.ids.set(key, entry.id);
    return entry;
  }

  private add(key: string): number {
    if (PRIMITIVES.has(key)) {
      const entry = this.reserve(key);
      entry.type.def = { Primitive: key.charAt(0).toUpperCase() + key.slice(1) };
      return entry.id;
    }
    if (key === 'Bytes') return this.alias(key, 'Vec<u8>');
    const generic = /^([A-Za-z0-9_]+)<(.*)>$/.exec(key);
    if (generic) return this.addGeneric(key, generic[1], splitTopLevel(generic[2]));
    const array = /^\[(.*);(\d+)\]$/.exec(key);
    if (array) {
      const entry = this.reserve(key);
      entry.type.def = { Array: { len: Number(array[2]), type: this.id(array[1]) } };
      return entry.id;
    }
    if (key.startsWith('(') && key.endsWith(')')) {
      const entry = this.reserve(key);
      const inner = key.slice(1, -1);
      entry.type.def = { Tuple: inner ? splitTopLevel(inner).map((t) => this.id(t)) : [] };
      return entry.id;
    }
    const spec = this.named[key];
    if (!spec) throw new Error(`metadata: unknown type '${key}': register it in the runtime or pallet types`);
    const entry = this.reserve(key, spec.path.split('::'));
    entry.type.params = Object.entries(spec.params ?? {}).map(([name, t]) => ({ name, type: this.id(t) }));
    if ('variants' in spec) {
      let position = 0;
      const variants = Object.entries(spec.variants).map(([name, v]) => {
        let index = position;
        let fields: FieldsSpec | null;
        if (v !== null && typeof v === 'object' && 'index' in v && typeof v.index === 'number') {
          index = v.index;
          fields = (v as { fields: FieldsSpec | null }).fields;
        } else if (typeof v === 'string') {
          fields = [v];
        } else {
          fields = v as FieldsSpec | null;
        }
        position = index + 1;
        return { name, fields: this.fields(fields), index, docs: [] };
      });
      entry.type.def = { Variant: { variants } };
    } else if (spec.opaqueBytes) {
      entry.type.def = { Sequence: { type: this.id('u8') } };
    } else {
      entry.type.def = { Composite: { fields: this.fields(spec.fields) } };
    }
    return entry.id;
  }

  private alias(key: string, target: string): number {
    const id = this.id(target);
    this.ids.set(key, id);
    return id;
  }

  private addGeneric(key: string, name: string, args: string[]): number {
    switch (name) {
      case 'Vec': {
        const entry = this.reserve(key);
        entry.type.def = { Sequence: { type: this.id(args[0]) } };
        return entry.id;
      }
      case 'Compact': {
        const entry = this.reserve(key);
        entry.type.def = { Compact: { type: this.id(args[0]) } };
        return entry.id;
      }
      case 'Box':
        return this.alias(key, args[0]);
      case 'Option': {
        const entry = this.reserve(key, ['Option']);
        const inner = this.id(args[0]);
        entry.type.params = [{ name: 'T', type: inner }];
        entry.type.def = {
          Variant: {
            variants: [
              { name: 'None', fields: [], index: 0, docs: [] },
              { name: 'Some', fields: [field(null, inner)], index: 1, docs: [] },
            ],
          },
        };
        return entry.id;
      }
      case 'Result': {
        const entry = this.reserve(key, ['Result']);
        const ok = this.id(args[0]);
        const err = this.id(args[1]);
        entry.type.params = [
          { name: 'T', type: ok },
          { name: 'E', type: err },
        ];
        entry.type.def = {
          Variant: {
            variants: [
              { name: 'Ok', fields: [field(null, ok)], index: 0, docs: [] },
              { name: 'Err', fields: [field(null, err)], index: 1, docs: [] },
            ],
          },
        };
        return entry.id;
      }
      default:
        throw new Error(`metadata: unsupported generic '${name}' in '${key}'`);
    }
  }

  private fields(spec: FieldsSpec | null): Field[] {
    if (spec === null) return [];
    if (Array.isArray(spec)) return (spec as readonly string[]).map((t) => field(null, this.id(t), t));
    return Object.entries(spec as Record<string, string>).map(([name, t]) => field(name, this.id(t), t));
  }
}

function field(name: string | null, type: number, typeName: string | null = null): Field {
  return { name, type, typeName, docs: [] };
}

/** Splits "A, B<C, D>, [u8; 4]" at top-level commas. */
export function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if (c === '>' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = s.slice(start).trim();
  if (last) parts.push(last);
  return parts;
}
