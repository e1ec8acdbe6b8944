/**
 * The environment a command sees: process.env over the app's `.env` over the workspace `.env`,
 * as Nx users expect (Nx itself loads `.env` files the same way). Never mutates process.env.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function readDotenv(file: string): Record<string, string> {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch {
    return {};
  }
  // Loaded only for a file that exists: dotenv's start-up is ~15 ms of a CLI run that has no .env.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('dotenv') as typeof import('dotenv');
  try {
    return parse(text);
  } catch {
    return {};
  }
}

export function readEnvironment(
  workspaceRoot: string,
  projectRoot: string,
  processEnv: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  return {
    ...readDotenv(join(workspaceRoot, '.env')),
    ...readDotenv(join(workspaceRoot, projectRoot, '.env')),
    ...processEnv,
  };
}
