import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineConfig } from './define-config';
import { lightCore } from './light-core';
import { loadProject } from './load-project';

describe('lightCore', () => {
  it('gives defineConfig without loading the real package', () => {
    let loads = 0;
    const core = lightCore(() => {
      loads++;
      return {};
    }) as Record<string, unknown>;
    expect(core.defineConfig).toBe(defineConfig);
    expect(core.__esModule).toBe(true);
    expect(loads).toBe(0);
  });

  it('loads the real package, once, for anything else', () => {
    let loads = 0;
    const core = lightCore(() => {
      loads++;
      return { upgrade: 'the real upgrade', defineConfig };
    }) as Record<string, unknown>;
    expect(core.upgrade).toBe('the real upgrade');
    expect('upgrade' in core).toBe(true);
    expect({ ...core }).toEqual({ upgrade: 'the real upgrade', defineConfig });
    expect(loads).toBe(1);
  });
});

describe('loading mig.config.ts', () => {
  it("answers `import { defineConfig } from '@mig/core'` without resolving the package", async () => {
    // No node_modules here: requiring the real @mig/core would fail.
    const root = mkdtempSync(join(tmpdir(), 'mig-light-core-'));
    try {
      mkdirSync(join(root, 'migrations'));
      writeFileSync(join(root, 'migrations', 'mig.config.ts'), "import { defineConfig } from '@mig/core';\n\nexport default defineConfig({ versions: ['revisions'] });\n");
      const project = await loadProject({ workspaceRoot: root, projectRoot: '.', projectName: 'p' });
      expect(project.versionDirs).toEqual([join(root, 'migrations', 'revisions')]);
      expect(project.cacheDir).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
