/**
 * The environment a command sees: process.env over the app's `.env` over the workspace `.env`,
 * as Nx users expect (Nx itself loads `.env` files the same way). Never mutates process.env.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';

function readDotenv(file: string): Record<string, string> {
  try {
    return parse(readFileSync(file));
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
