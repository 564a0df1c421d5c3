// Code blocks of the Markdown docs, as the sample tests see them. A ```ts block is a program;
// other fences (```text, ```sh, ```lua, ```sql) are left alone. A comment on the line right
// above a fence can tie a block to an earlier one:
//
//   <!-- doctest: name=setup -->          names this block
//   <!-- doctest: after=setup name=x -->  runs the program of `setup`, then this block
//
// A line ending in `// → text` states what the `console.log` on it prints; when a program has
// such lines, its output must be exactly those texts, in order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One fenced block of a Markdown file. */
export interface CodeBlock {
  /** `README.md:42`: the file and the line of the opening fence. */
  readonly where: string;
  readonly lang: string;
  readonly code: string;
  readonly name: string | undefined;
  readonly after: string | undefined;
}

const FENCE = /^```([\w-]*)\s*$/;
const DIRECTIVE = /^<!--\s*doctest:((?:\s+(?:name|after)=[\w-]+)+)\s*-->$/;

/** Every fenced block of `file` (relative to `root`), in order. */
export function codeBlocks(root: string, file: string): CodeBlock[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && lines[i] !== '```') body.push(lines[i]!);
    if (i === lines.length) throw new Error(`${file}:${start + 1}: unclosed code fence`);

    const directive = DIRECTIVE.exec(lines[start - 1] ?? '');
    const options = new Map<string, string>();
    for (const pair of directive?.[1]!.trim().split(/\s+/) ?? []) {
      const [key, value] = pair.split('=') as [string, string];
      options.set(key, value);
    }
    blocks.push({
      where: `${file}:${start + 1}`,
      lang: open[1]!,
      code: body.join('\n'),
      name: options.get('name'),
      after: options.get('after'),
    });
  }
  return blocks;
}

/** A runnable program: the blocks it is made of, first to last. */
export interface Program {
  readonly where: string;
  readonly blocks: readonly CodeBlock[];
}

/** The ```ts blocks of `blocks` as programs, each with the named blocks it runs after. */
export function programs(blocks: readonly CodeBlock[]): Program[] {
  const named = new Map<string, readonly CodeBlock[]>();
  const out: Program[] = [];
  for (const block of blocks) {
    if (block.lang !== 'ts') continue;
    let chain: readonly CodeBlock[] = [block];
    if (block.after !== undefined) {
      const before = named.get(block.after);
      if (before === undefined) {
        throw new Error(`${block.where}: after=${block.after} names no earlier ts block`);
      }
      chain = [...before, block];
    }
    if (block.name !== undefined) named.set(block.name, chain);
    out.push({ where: block.where, blocks: chain });
  }
  return out;
}

/** The texts after `// → ` on the lines of a program, in order. */
export function expectedOutput(program: Program): string[] {
  const out: string[] = [];
  for (const block of program.blocks) {
    for (const line of block.code.split('\n')) {
      const arrow = line.indexOf('// → ');
      if (arrow >= 0) out.push(line.slice(arrow + 5).trimEnd());
    }
  }
  return out;
}
