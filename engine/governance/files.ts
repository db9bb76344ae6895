/**
 * The files of a governance folder: `proposals/<name>.yaml` (one DAO proposal each) and
 * `votes/<name>.yaml` (one farm each, with its votes). Parsing is pure (text in, typed files or
 * positioned problems out); the props are checked by the DaoProposal and DaoVote constructs, so a
 * file obeys the same rules as a program. See docs/governance.md for the formats.
 */
import { App } from '../../constructs/app';
import { DaoProposal, type DaoProposalProps } from '../../constructs/dao-proposal';
import { DaoVote } from '../../constructs/dao-vote';
import { ValidationError } from '../../constructs/errors';
import type { ChainCall } from '../../constructs/manifest';
import { didYouMean, GovernanceFileError, YamlSource, type FileProblem } from './yaml-source';

/** Seconds per block on TFChain, which durations in days/hours/minutes are counted in. */
export const SECONDS_PER_BLOCK = 6;

export interface ProposalFile {
  /** path inside the folder, e.g. `proposals/raise-price.yaml` */
  readonly file: string;
  /** the file name without extension: what vote files refer to */
  readonly name: string;
  /** what it does: the call run as Root once approved */
  readonly action: ChainCall;
  /** why: the text stored on chain */
  readonly description: string;
  /** the forum discussion */
  readonly link: string;
  /** farm votes needed before the council may close it */
  readonly threshold: number;
  /** voting period in blocks; undefined: the chain's default (7 days) */
  readonly durationBlocks?: number;
  /** twins of council members who veto it */
  readonly vetoes: readonly number[];
}

/** A farm's vote on one proposal: a proposal file of the folder (by name) or one on chain (by hash). */
export interface FarmVoteEntry {
  readonly proposal: { readonly name: string } | { readonly hash: string };
  readonly approve: boolean;
}

export interface VoteFile {
  readonly file: string;
  readonly farmId: number;
  readonly votes: readonly FarmVoteEntry[];
}

export interface GovernanceFiles {
  readonly proposals: readonly ProposalFile[];
  readonly votes: readonly VoteFile[];
}

const PROPOSAL_KEYS = ['action', 'description', 'link', 'threshold', 'duration', 'vetoes'];
const ACTION_KEYS = ['pallet', 'call', 'args'];
const VOTE_KEYS = ['farm', 'votes'];
/** construct field -> file path, where the two differ */
const FIELD_PATHS: Record<string, (string | number)[]> = {
  durationBlocks: ['duration'],
  farmId: ['farm'],
  'action.args': ['action', 'args'],
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Records the problems a construct reported, each at the key of the field it names. */
function constructProblems(src: YamlSource, build: () => void, fieldPrefix: string[] = []): void {
  try {
    build();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    for (const p of e.problems) {
      const m = /^[^:]*: (dao (?:proposal|vote)) '([^']+)'(.*)$/s.exec(p);
      if (!m) {
        src.problem(fieldPrefix, p.replace(/^[^:]*: /, ''));
        continue;
      }
      const [, kind, field, rest] = m;
      const fileField = FIELD_PATHS[field]?.join('.') ?? field;
      const path = [...fieldPrefix, ...(FIELD_PATHS[field] ?? [field])];
      src.problem(
        path,
        `${kind} '${fileField}'${rest.replace(/durationBlocks/g, 'duration').replace(/farmId/g, 'farm')}`,
        'key',
      );
    }
  }
}

function unknownKeys(
  src: YamlSource,
  obj: Record<string, unknown>,
  known: string[],
  path: string[],
  what: string,
) {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k))
      src.problem(
        [...path, k],
        `${what} has no field '${k}'${didYouMean(k, known)}: use ${known.join(', ')}`,
        'key',
      );
  }
}

/** `3d`, `12h`, `90m` (6 s blocks) or `600 blocks` -> blocks; a string naming the problem otherwise. */
export function parseDuration(v: unknown): number | string {
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(d|h|m|blocks?)\s*$/.exec(v) : null;
  if (!m) return `duration must be a time like 3d, 12h, 90m or 600 blocks, got ${JSON.stringify(v)}`;
  const n = Number(m[1]);
  const seconds = { d: 86_400, h: 3600, m: 60 }[m[2] as 'd' | 'h' | 'm'];
  return seconds === undefined ? n : Math.round((n * seconds) / SECONDS_PER_BLOCK);
}

/** Parses one proposal file; undefined when it has problems (recorded on `src`). */
export function parseProposal(src: YamlSource, file: string, name: string): ProposalFile | undefined {
  const before = src.problems.length;
  const data = src.data();
  if (data === undefined) return undefined;
  if (!isObject(data)) {
    src.problem([], `a proposal file must be a map with ${PROPOSAL_KEYS.join(', ')}: see docs/governance.md`);
    return undefined;
  }
  unknownKeys(src, data, PROPOSAL_KEYS, [], 'a proposal');
  if (isObject(data.action)) unknownKeys(src, data.action, ACTION_KEYS, ['action'], 'action');
  let durationBlocks: number | undefined;
  if (data.duration !== undefined) {
    const d = parseDuration(data.duration);
    if (typeof d === 'string') src.problem(['duration'], `proposal ${d}: leave it out for 7 days`);
    else durationBlocks = d;
  }
  const vetoes = data.vetoes ?? [];
  const vetoesOk = Array.isArray(vetoes) && vetoes.every((t) => Number.isInteger(t) && (t as number) > 0);
  if (!vetoesOk)
    src.problem(
      ['vetoes'],
      `proposal 'vetoes' must be a list of council members' twin ids, got ${JSON.stringify(vetoes)}: write e.g. vetoes: [4]`,
    );
  const props = {
    action: data.action,
    description: data.description,
    link: data.link,
    threshold: data.threshold,
    ...(durationBlocks !== undefined ? { durationBlocks } : {}),
  } as DaoProposalProps;
  constructProblems(src, () => new DaoProposal(new App({ projectName: 'governance' }), 'p', props));
  if (src.problems.length > before) return undefined;
  return { file, name, ...props, vetoes: vetoes as number[] };
}

/** Parses one farm's vote file; proposal names are checked against `proposalNames`. */
export function parseVotes(
  src: YamlSource,
  file: string,
  proposalNames: readonly string[],
): VoteFile | undefined {
  const before = src.problems.length;
  const data = src.data();
  if (data === undefined) return undefined;
  if (!isObject(data)) {
    src.problem([], 'a vote file must be a map with farm and votes: see docs/governance.md');
    return undefined;
  }
  unknownKeys(src, data, VOTE_KEYS, [], 'a vote file');
  const votes: FarmVoteEntry[] = [];
  if (!isObject(data.votes) || Object.keys(data.votes).length === 0) {
    src.problem(
      ['votes'],
      `vote file 'votes' must map proposals to yes or no, got ${JSON.stringify(data.votes)}: write e.g. votes: {raise-price: yes}`,
      'key',
    );
  } else {
    for (const [ref, v] of Object.entries(data.votes)) {
      const approve = v === true || v === 'yes' ? true : v === false || v === 'no' ? false : undefined;
      if (approve === undefined)
        src.problem(
          ['votes', ref],
          `vote on '${ref}' must be yes or no, got ${JSON.stringify(v)}: write ${ref}: yes`,
        );
      const isHash = /^0x[0-9a-fA-F]{64}$/.test(ref);
      if (!isHash && !proposalNames.includes(ref))
        src.problem(
          ['votes', ref],
          `vote names proposal '${ref}', which is no file in proposals/${didYouMean(ref, proposalNames)}: use a proposal file's name (without .yaml) or a proposal hash from 'tfgrid dao list'`,
          'key',
        );
      if (approve !== undefined)
        votes.push({ proposal: isHash ? { hash: ref.toLowerCase() } : { name: ref }, approve });
    }
  }
  // the farm id's rule is DaoVote's (the proposal here is a stand-in: references are checked above)
  constructProblems(
    src,
    () =>
      new DaoVote(new App({ projectName: 'governance' }), 'v', {
        farmId: data.farm as number,
        proposal: `0x${'0'.repeat(64)}`,
        approve: true,
      }),
  );
  if (src.problems.length > before) return undefined;
  return { file, farmId: data.farm as number, votes };
}

/** A file of the folder: its path inside the folder (`proposals/x.yaml`) and its text. */
export interface FolderEntry {
  readonly file: string;
  readonly text: string;
}

const YAML_FILE = /\.ya?ml$/;

/**
 * Parses a governance folder's YAML files (other files are ignored): every problem of every file at
 * once, as a GovernanceFileError. `display` turns a path inside the folder into the one printed.
 */
export function parseGovernanceFolder(
  entries: readonly FolderEntry[],
  display: (file: string) => string = (f) => f,
): GovernanceFiles {
  const problems: FileProblem[] = [];
  const proposalSources: [YamlSource, string, string][] = [];
  const voteSources: [YamlSource, string][] = [];
  for (const e of [...entries]
    .filter((x) => YAML_FILE.test(x.file))
    .sort((a, b) => a.file.localeCompare(b.file))) {
    const src = new YamlSource(display(e.file), e.text);
    const [dir, ...rest] = e.file.split('/');
    if (dir === 'proposals' && rest.length === 1)
      proposalSources.push([src, e.file, rest[0].replace(YAML_FILE, '')]);
    else if (dir === 'votes' && rest.length === 1) voteSources.push([src, e.file]);
    else {
      src.problem(
        [],
        "a governance file goes in proposals/ (a proposal) or votes/ (a farm's votes): move it",
      );
      problems.push(...src.problems);
    }
  }
  const proposals: ProposalFile[] = [];
  const names = proposalSources.map(([, , name]) => name);
  const byAction = new Map<string, string>();
  for (const [src, file, name] of proposalSources) {
    if (names.indexOf(name) !== names.lastIndexOf(name))
      src.problem([], `two proposal files are named '${name}' (.yaml and .yml): rename one`);
    const p = parseProposal(src, file, name);
    const key = p && JSON.stringify(p.action);
    if (p && byAction.has(key!))
      src.problem(
        ['action'],
        `proposal 'action' is the same as in ${display(byAction.get(key!)!)} (the chain knows a proposal by its action): keep one of the two files`,
        'key',
      );
    else if (p) {
      byAction.set(key!, file);
      proposals.push(p);
    }
    problems.push(...src.problems);
  }
  const votes: VoteFile[] = [];
  const byFarm = new Map<number, string>();
  for (const [src, file] of voteSources) {
    const v = parseVotes(src, file, names);
    if (v && byFarm.has(v.farmId))
      src.problem(
        ['farm'],
        `vote file 'farm' ${v.farmId} already votes in ${display(byFarm.get(v.farmId)!)}: keep one file per farm`,
        'key',
      );
    else if (v) {
      byFarm.set(v.farmId, file);
      votes.push(v);
    }
    problems.push(...src.problems);
  }
  if (proposalSources.length + voteSources.length === 0 && problems.length === 0)
    problems.push({
      file: display('.'),
      line: 1,
      col: 1,
      message: 'no proposals/*.yaml nor votes/*.yaml in the folder: see docs/governance.md for the layout',
    });
  if (problems.length > 0) throw new GovernanceFileError(problems);
  return { proposals, votes };
}
