/**
 * Core never prints: it reports through this interface and the adapter (CLI, Nx executor,
 * programmatic user) decides what to show.
 */
export type MigEvent =
  | { readonly kind: 'connected'; readonly display: string }
  | { readonly kind: 'lock-waiting'; readonly display: string }
  | {
      readonly kind: 'step-done';
      readonly revision: string;
      readonly direction: 'up' | 'down';
      readonly message?: string;
      readonly file?: string;
      readonly durationMs: number;
    }
  | { readonly kind: 'warning'; readonly code: string; readonly message: string; readonly hint?: string }
  | { readonly kind: 'info'; readonly message: string }
  /** Why mig took a slower path (e.g. the shadow replayed in a database): shown with --verbose only. */
  | { readonly kind: 'debug'; readonly message: string };

export type MigEventListener = (event: MigEvent) => void;

export const ignoreEvents: MigEventListener = () => {};
