/** Command line of `npm run bench -- [--only NAME]... [--corpus PATH] [group options]`. */
export interface BenchArgs {
  /** Groups to run; empty = all. */
  only: string[];
  /** --corpus PATH, when given. */
  corpus?: string;
  /** Every other `--name value` / `--flag` pair, for groups (last one wins). */
  options: Record<string, string | true>;
  help: boolean;
}

/** Parses the arguments; `--only a --only b` and `--only a,b` both select two groups. */
export function parseBenchArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = { only: [], options: {}, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      out.help = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}" (try --help).`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value: string | true;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) value = argv[++i]!;
    else value = true;
    if (name === 'only' || name === 'corpus') {
      if (value === true || value === '') throw new Error(`--${name} needs a value.`);
      if (name === 'only') out.only.push(...value.split(',').filter(Boolean));
      else out.corpus = value;
      continue;
    }
    out.options[name] = value;
  }
  return out;
}

/** A group option as a list (`--engines a,b`), or undefined when not given. */
export function listOption(args: BenchArgs, name: string): string[] | undefined {
  const v = args.options[name];
  if (v === undefined) return undefined;
  if (v === true) throw new Error(`--${name} needs a value.`);
  return v.split(',').filter(Boolean);
}

/** A numeric group option, or `fallback`. */
export function numberOption(args: BenchArgs, name: string, fallback: number): number {
  const v = args.options[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v === true || !Number.isFinite(n)) throw new Error(`--${name} needs a number.`);
  return n;
}

/** A text group option (`--harvest-category cs.CL`), or `fallback`. */
export function stringOption(args: BenchArgs, name: string, fallback: string): string {
  const v = args.options[name];
  if (v === undefined) return fallback;
  if (v === true || v === '') throw new Error(`--${name} needs a value.`);
  return v;
}
