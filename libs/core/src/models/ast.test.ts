import { describe, expect, it } from 'vitest';
import { bindParents, ts, type TS } from './ast';

const SOURCE = `
import { Model } from 'objection';
import { Base } from './base';

/** A person.
 * @dbComment People
 */
export class Person extends withSoftDelete(Base) {
  static override tableName = 'persons';
  /** @dbType varchar(64)
   * @dbUnique */
  email!: string;
  status?: 'a' | 'b' | null;
  static get relationMappings() {
    const { BelongsToOneRelation } = Model;
    return { owner: { relation: BelongsToOneRelation, modelClass: () => Base, join: { from: ['persons.ownerId'], to: \`base.\${'id'}\` } } };
  }
}
module.exports = class extends Model { static tableName = 'x'; };
`;

/** Every node (JSDoc included) with its parent, as kind@pos-end strings, in visiting order. */
function parentsOf(file: TS.SourceFile): string[] {
  const at = (node: TS.Node | undefined) => (node ? `${node.kind}@${node.pos}-${node.end}` : 'none');
  const out: string[] = [];
  const visit = (node: TS.Node): void => {
    out.push(`${at(node)} < ${at(node.parent)}`);
    for (const doc of (node as { jsDoc?: TS.Node[] }).jsDoc ?? []) visit(doc);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

describe('bindParents', () => {
  it.each([ts.JSDocParsingMode.ParseAll, ts.JSDocParsingMode.ParseNone])('sets the parents TypeScript sets with setParentNodes (JSDoc mode %s)', (jsDocParsingMode) => {
    const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode };
    const expected = ts.createSourceFile('person.ts', SOURCE, options, true, ts.ScriptKind.TS);
    const bound = ts.createSourceFile('person.ts', SOURCE, options, false, ts.ScriptKind.TS);
    bindParents(bound);
    expect(parentsOf(bound)).toEqual(parentsOf(expected));
  });
});
