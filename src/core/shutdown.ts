// Work to do before the process ends: layers that open resources (database
// connections, an embedded database) register here, and the CLI runs the hooks when a
// command is done, without importing those layers itself.

type Hook = () => unknown;

const hooks = new Set<Hook>();

/** Registers a hook (once); returns a function that removes it. */
export function onShutdown(hook: Hook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Runs every hook, newest first; one failing does not stop the others. */
export async function runShutdownHooks(): Promise<void> {
  const pending = [...hooks].reverse();
  hooks.clear();
  for (const hook of pending) {
    try {
      await hook();
    } catch {
      // Shutting down: nothing left to report to.
    }
  }
}
