/**
 * Runs `pass` at once, then again `intervalMs` after each pass ends, until
 * stopped: the outbox's sender and the mailbox's reader work this way. The
 * wait may depend on what the pass gave (undefined if it threw): the sender
 * comes back sooner while there is mail. A pass that throws is handed to
 * `failed` and tried again at the next turn; `stop` waits for a pass under
 * way, so nothing is cut off mid-write.
 */
export function repeatPasses<T>(
  pass: (stopping: () => boolean) => Promise<T>,
  intervalMs: number | ((result: T | undefined) => number),
  failed: (error: unknown) => void,
): { stop: () => Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const turn = () => {
    running = (async () => {
      let result: T | undefined;
      try {
        result = await pass(() => stopped);
      } catch (error) {
        failed(error);
      }
      if (!stopped) timer = setTimeout(turn, typeof intervalMs === 'number' ? intervalMs : intervalMs(result));
    })();
  };
  turn();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
