/**
 * The text of `settings.json` (JSON with comments) to settings, or to problems that each name the
 * key, the line and what is wrong; and edits to that text that keep the user's comments and layout.
 * Pure: main validates the file with it, and the settings page validates its editor as you type.
 *
 * Parsing and editing use `jsonc-parser`, the JSONC library VS Code itself uses for its settings.
 */
import {
  applyEdits,
  findNodeAtLocation,
  modify,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import type { z } from 'zod';
import { SettingsSchema, type SettingKey, type Settings } from './settingsSchema';

/** One thing wrong with a settings file. */
export interface SettingsProblem {
  /** The key, as `fontSize` or `profiles[1].shell`; empty when the problem is the file as a whole. */
  readonly key: string;
  readonly message: string;
  /** 1-based position in the text, when known. */
  readonly line?: number;
  readonly column?: number;
}

export type SettingsParseResult =
  | { readonly ok: true; readonly settings: Settings }
  | { readonly ok: false; readonly problems: readonly SettingsProblem[] };

/** Problems listed per file: past a handful, the first ones are what to fix anyway. */
const MAX_PROBLEMS = 5;
/** Trailing commas are what people leave after deleting the last key; VS Code allows them too. */
const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false } as const;

const PARSE_ERRORS: Partial<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'not a valid number',
  PropertyNameExpected: 'expected a key in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":" after the key',
  CommaExpected: 'expected "," between entries',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'expected the end of the file after the closing "}"',
  InvalidCommentToken: 'an unfinished comment',
  UnexpectedEndOfComment: 'a comment that never ends',
  UnexpectedEndOfString: 'a string that never ends (missing ")',
  UnexpectedEndOfNumber: 'a number that ends too soon',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid \\ escape',
  InvalidCharacter: 'a control character inside a string',
};

/** Reads settings from the text of a settings file; an empty file means every default. */
export function parseSettingsText(text: string): SettingsParseResult {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, PARSE_OPTIONS);
  // Nothing but blanks and comments: a file someone emptied, which means every default.
  const empty = tree === undefined && errors.every((error) => printParseErrorCode(error.error) === 'ValueExpected');
  if (empty) return { ok: true, settings: SettingsSchema.parse({}) };
  if (errors.length > 0) {
    return {
      ok: false,
      problems: errors.slice(0, MAX_PROBLEMS).map((error) => ({
        key: '',
        message: `not valid JSON: ${PARSE_ERRORS[printParseErrorCode(error.error)] ?? printParseErrorCode(error.error)}`,
        ...position(text, error.offset),
      })),
    };
  }
  if (tree === undefined || tree.type !== 'object') {
    return {
      ok: false,
      problems: [
        {
          key: '',
          message: `the file must hold one object ({ … }), not ${tree ? describeNode(tree) : 'nothing'}`,
          ...position(text, tree?.offset ?? 0),
        },
      ],
    };
  }
  const value = nodeValue(tree);
  const result = SettingsSchema.safeParse(value);
  if (result.success) return { ok: true, settings: result.data };
  const problems: SettingsProblem[] = [];
  for (const issue of result.error.issues) {
    for (const problem of describeIssue(issue, value, tree, text)) {
      if (problems.length < MAX_PROBLEMS) problems.push(problem);
    }
  }
  return { ok: false, problems };
}

/** `fontSize`, `profiles[1].shell`. */
export function formatKey(path: readonly PropertyKey[]): string {
  let key = '';
  for (const part of path) {
    if (typeof part === 'number') key += `[${part}]`;
    else key += key === '' ? String(part) : `.${String(part)}`;
  }
  return key;
}

/** "fontSize (line 3, column 15): must be at least 6". */
export function formatProblem(problem: SettingsProblem): string {
  const where = problem.line === undefined ? '' : `line ${problem.line}, column ${problem.column ?? 1}`;
  const label = [problem.key, where ? `(${where})` : ''].filter(Boolean).join(' ');
  return label ? `${label}: ${problem.message}` : problem.message;
}

/**
 * Sets (or, for `null`, removes) top-level keys in the text, keeping every comment and the layout
 * of everything else, as VS Code's settings editor does. The result still needs validating.
 */
export function editSettingsText(text: string, changes: Readonly<Partial<Record<SettingKey, unknown>>>): string {
  let result = text.trim() === '' ? '{}\n' : text;
  for (const [key, value] of Object.entries(changes)) {
    const edits = modify(result, [key], value === null ? undefined : value, {
      formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' },
    });
    result = applyEdits(result, edits);
  }
  return result;
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown, tree: Node, text: string): SettingsProblem[] {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  const at = (keyPath: (string | number)[]): { line?: number; column?: number } => {
    const node = findNodeAtLocation(tree, keyPath);
    // A property's value node; its parent is the property, whose first child is the key.
    const keyNode = node?.parent?.type === 'property' ? node.parent.children?.[0] : node;
    return keyNode ? position(text, keyNode.offset) : {};
  };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(path);
      return issue.keys.map((key) => {
        const suggestion = closest(key, known);
        return {
          key: formatKey([...path, key]),
          message: `unknown setting${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
          ...at([...path, key]),
        };
      });
    }
    case 'invalid_type':
      return [
        {
          key: formatKey(path),
          message: `expected ${article(issue.expected)}, got ${describeValue(valueAt(root, path))}`,
          ...at(path),
        },
      ];
    case 'invalid_value':
      return [
        {
          key: formatKey(path),
          message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${describeValue(valueAt(root, path))}`,
          ...at(path),
        },
      ];
    case 'too_small':
    case 'too_big': {
      const bound = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const what =
        issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint'
          ? `${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound}`
          : issue.origin === 'array'
            ? `${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} entries`
            : issue.origin === 'string'
              ? `${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} characters`
              : issue.message;
      const message =
        issue.message.startsWith('must') || issue.message.startsWith('at most')
          ? issue.message
          : `must be ${what}; got ${describeValue(valueAt(root, path))}`;
      return [{ key: formatKey(path), message, ...at(path) }];
    }
    default:
      return [{ key: formatKey(path), message: issue.message, ...at(path) }];
  }
}

/** The keys the schema allows in the object at `path` (top level, a profile, the custom theme). */
function knownKeys(path: readonly (string | number)[]): string[] {
  const shape = SettingsSchema.shape;
  if (path.length === 0) return Object.keys(shape);
  if (path[0] === 'customTheme') return Object.keys(shape.customTheme.unwrap().shape);
  if (path[0] === 'profiles') return Object.keys(shape.profiles.unwrap().element.shape);
  return [];
}

/** A known key the unknown one is probably a typo of: same letters ignoring case, or one edit away. */
function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  return (
    known.find((candidate) => candidate.toLowerCase() === lower) ??
    known.find((candidate) => editDistance(candidate.toLowerCase(), lower) <= 2)
  );
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** `"big"`, `a string`, `an object`, `nothing`: short enough for a one-line notice. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const json = JSON.stringify(value);
  return json.length <= 40 ? json : `${json.slice(0, 37)}…`;
}

function describeNode(node: Node): string {
  return node.type === 'array' ? 'a list' : `${article(node.type)} (${JSON.stringify(node.value)})`;
}

/** The plain value of a parsed tree (jsonc-parser's `getNodeValue`, kept here to stay typed). */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      // A null-prototype object: a key named "__proto__" is data here, never the prototype.
      const object: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) object[String(key.value)] = nodeValue(value);
      }
      return object;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value as unknown;
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
