import {
  Composer,
  Document,
  Lexer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isScalar,
  isSeq,
} from 'yaml';
import type { CST, Node } from 'yaml';
import { ManifestError } from './ManifestError';
import { MAX_ALIAS_COUNT, MAX_MANIFEST_DEPTH } from './limits';
import type { SourceDocument, ValuePath } from './document';
import {
  SATURATED,
  allowedAliasShare,
  isExcessive,
  measureAliasExpansion,
} from './aliasExpansion';

/**
 * yaml's parser keeps one stack entry per open collection plus the document and a
 * scalar; its composer recurses per level and very deep input crashes node. We stop
 * the parser early, the exact depth is checked later on the values.
 */
const PARSER_STACK_SLACK = 3;

/** Every document of a YAML stream (JSON is YAML too); empty documents included as null. */
export function parseYamlDocuments(
  text: string,
  file: string,
): SourceDocument[] {
  const lineCounter = new LineCounter();
  const lineOfOffset = (offset: number) => lineCounter.linePos(offset).line;
  const composer = new Composer({ merge: true, prettyErrors: false });
  const documents: SourceDocument[] = [];
  for (const doc of composer.compose(boundedTokens(text, file, lineCounter))) {
    const error = doc.errors[0];
    if (error)
      throw new ManifestError(file, lineOfOffset(error.pos[0]), error.message);
    const line = lineOfOffset(doc.contents?.range[0] ?? doc.range[0]);
    const expansion = measureAliasExpansion(doc);
    if (isExcessive(expansion)) {
      const { nodes, copies, largest } = expansion;
      const percent = (share: number) => `${Math.round(share * 100)}%`;
      throw new ManifestError(
        file,
        largest?.range ? lineOfOffset(largest.range[0]) : line,
        `aliases expand the document to ${
          nodes >= SATURATED ? 'over 10^15' : nodes
        } nodes, ${percent(
          copies / nodes,
        )} of them alias copies (at most ${percent(
          allowedAliasShare(nodes),
        )} allowed at that size); refusing a possible "billion laughs" document`,
      );
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const reason = /alias count/i.test(String(e))
        ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}); refusing a possible "billion laughs" document`
        : `cannot resolve document: ${(e as Error).message}`;
      throw new ManifestError(file, line, reason);
    }
    documents.push({
      value,
      line,
      lineOf: path => {
        const node = nodeAt(doc, path);
        return node?.range ? lineOfOffset(node.range[0]) : undefined;
      },
    });
  }
  return documents;
}

function* boundedTokens(
  text: string,
  file: string,
  lineCounter: LineCounter,
): Generator<CST.Token> {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    yield* parser.next(lexeme);
    if (parser.stack.length > MAX_MANIFEST_DEPTH + PARSER_STACK_SLACK) {
      throw new ManifestError(
        file,
        lineCounter.linePos(parser.offset).line,
        `nesting deeper than ${MAX_MANIFEST_DEPTH} levels`,
      );
    }
  }
  yield* parser.end();
}

function nodeAt(doc: Document, path: ValuePath): Node | undefined {
  let node: unknown = doc.contents;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        p => String(isScalar(p.key) ? p.key.value : p.key) === String(segment),
      );
      if (!pair) return undefined;
      // a null value has no node: point at its key
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      return undefined;
    }
  }
  return (node ?? undefined) as Node | undefined;
}
