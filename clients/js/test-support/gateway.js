// A real gateway for the tests: the jar the build made (TICKWIRE_GATEWAY_JAR, else
// gateway/target/tickwire-gateway.jar), started on a free loopback port and stopped after.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const JAR = process.env.TICKWIRE_GATEWAY_JAR
    ?? fileURLToPath(new URL('../../../gateway/target/tickwire-gateway.jar', import.meta.url));

/** Settings every test gateway shares: a uniform market, so every symbol quotes several times a second. */
const COMMON = ['--server.address=127.0.0.1', '--tickwire.feed.rate=1000', '--tickwire.feed.zipf-exponent=0',
  '--tickwire.client.heartbeat-interval=1s', '--logging.level.root=WARN'];

/**
 * Settings of a node fed by its users over HTTP (PROTOCOL.md §8: no simulator, no Redis), with no
 * stall limit to speak of: it may go quiet between tests and still take new streams.
 */
export const FED_OVER_HTTP = ['--tickwire.feed.source=http', '--tickwire.feed.stall-limit=1h'];

export class Gateway {
  /** @param {string[]} args more --key=value settings */
  constructor(args = [], port = 0) {
    this.args = args;
    this.port = port;
    this.process = null;
    this.output = '';
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the gateway (on its port again after a stop()) and waits until /actuator/health is UP. */
  async start() {
    if (!existsSync(JAR)) throw new Error(`no gateway jar at ${JAR}: run mvn -o -q -pl gateway -am package -DskipTests`);
    if (this.port === 0) this.port = await freePort();
    this.output = '';
    this.process = spawn('java', ['-jar', JAR, `--server.port=${this.port}`, ...COMMON, ...this.args],
        { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk) => {
      this.output = (this.output + chunk).slice(-20_000);
    };
    this.process.stdout.on('data', keep);
    this.process.stderr.on('data', keep);
    const exited = once(this.process, 'exit').then(([code]) => {
      throw new Error(`the gateway exited (${code}) before it was up:\n${this.output}`);
    });
    await Promise.race([exited, this.healthy()]);
    exited.catch(() => {});
    return this;
  }

  async healthy() {
    for (;;) {
      try {
        const response = await fetch(`${this.url}/actuator/health`);
        const body = await response.json();
        if (body.status === 'UP') return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Kills the process (SIGKILL: no goodbye to the clients) and waits for it to go. */
  async kill() {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}

/** A port free on 127.0.0.1 right now. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}
