// Issue 11, defect 11: the log destination never blocks. With a reader that stops reading, lines beyond the bounded
// buffer are dropped and counted; once the reader drains, a `log lines dropped` line reports the count, and every
// line is either delivered or counted.
import { spawn } from 'node:child_process';
import { createLogDestination } from '../../src/http/logging.js';

test('when the reader stalls, then overflowing lines are dropped and counted, and the count is logged once there is room', async () => {
  // `cat` copies its stdin to a pipe we do not read yet: both pipes fill, and writes to cat's stdin would block.
  const cat = spawn('cat', [], { stdio: ['pipe', 'pipe', 'ignore'] });
  cat.stdout!.pause();
  let received = '';
  cat.stdout!.on('data', (d) => (received += d));
  const fd = (cat.stdin as unknown as { _handle: { fd: number } })._handle.fd;
  const destination = createLogDestination({ fd, maxBufferBytes: 100_000 });

  const line = (i: number) => `${JSON.stringify({ level: 30, msg: 'line', i, pad: 'x'.repeat(1000) })}\n`;
  const written = 2000;
  for (let i = 0; i < written; i++) destination.write(line(i)); // returns at once: nothing waits for the pipe
  const dropped = destination.droppedTotal();
  expect(dropped).toBeGreaterThan(0);

  cat.stdout!.resume();
  await destination.flush(60_000);
  destination.write(line(written));
  await destination.flush(60_000);
  await new Promise<void>((resolve) => {
    const check = () => (received.includes(`"i":${written},`) ? resolve() : cat.stdout!.once('data', check));
    check();
  });
  const lines = received.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; i?: number; dropped?: number });
  const notice = lines.filter((l) => l.msg === 'log lines dropped');
  expect(notice).toEqual([expect.objectContaining({ level: 40, dropped })]);
  expect(lines[lines.length - 2]).toBe(notice[0]); // the count comes right before the next line that fits
  const delivered = lines.filter((l) => l.msg === 'line').length;
  expect(delivered + dropped).toBe(written + 1);
  cat.stdin!.end();
  await new Promise((resolve) => cat.once('exit', resolve));
});
