/** Writes model sources to a fresh temp folder and reads them: small inline fixtures for behaviour tests. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readModels, type ReadModelsOptions, type ReadModelsResult } from '../index';

export interface InlineRead extends ReadModelsResult {
  readonly root: string;
}

export async function readInline(files: Record<string, string>, options: Partial<ReadModelsOptions> = {}): Promise<InlineRead> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-models-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  try {
    const result = await readModels({ workspaceRoot: root, projectRoot: root, models: 'models/**/*.ts', dialect: 'postgres', ...options });
    return { ...result, root };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** `table.column → type [NOT NULL]` lines: compact, exact expectations for column mapping tests. */
export function columnLines(result: ReadModelsResult): string[] {
  return result.schema.tables.flatMap((t) =>
    t.columns.map((c) => `${t.name}.${c.name} ${c.type}${c.nullable ? '' : ' NOT NULL'}${c.autoIncrement ? ' AUTO' : ''}${c.default ? ` DEFAULT ${JSON.stringify(c.default)}` : ''}`),
  );
}

export const codes = (result: ReadModelsResult) => result.diagnostics.map((d) => d.code);
