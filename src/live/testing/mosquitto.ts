// Test support: a real Mosquitto (Debian package `mosquitto`) started on a free loopback port
// from a temporary config directory, restartable on the same port, stopped by its pid. It runs
// as the current user (`user` line) so it can read that directory when the tests run as root.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, portOpen, waitFor } from './net.ts';

/** The mosquitto binary: on PATH, or where Debian puts it (/usr/sbin is not on every user's PATH). */
export function findMosquitto(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v mosquitto'], { encoding: 'utf8' });
  const onPath = r.status === 0 ? r.stdout.trim() : '';
  if (onPath) return onPath;
  return existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : null;
}

export function findMosquittoPasswd(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v mosquitto_passwd'], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  return existsSync('/usr/bin/mosquitto_passwd') ? '/usr/bin/mosquitto_passwd' : null;
}

export interface MosquittoOptions {
  /** Extra config lines (after the listener): persistence, password_file, acl_file…; given the broker's directory. */
  config?: string[] | ((dir: string) => string[]);
}

export class Mosquitto {
  readonly dir = mkdtempSync(join(tmpdir(), 'twin-mosquitto-'));
  port = 0;
  private proc: ChildProcess | null = null;
  /** What the broker wrote (for failure messages). */
  log = '';

  constructor(
    private readonly bin: string,
    private readonly o: MosquittoOptions = {},
  ) {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Writes a file in the broker's directory (password file, ACL) and returns its path. */
  file(name: string, text: string): string {
    const p = join(this.dir, name);
    writeFileSync(p, text);
    return p;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const conf = this.file('mosquitto.conf', [`listener ${this.port} 127.0.0.1`, `log_dest stderr`, `user ${userInfo().username}`, `log_type error`, `log_type warning`, `log_type notice`, ...(typeof this.o.config === 'function' ? this.o.config(this.dir) : (this.o.config ?? []))].join('\n') + '\n');
    const proc = spawn(this.bin, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    proc.stdout!.on('data', (d: Buffer) => (this.log += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (this.log += d.toString()));
    await waitFor(`mosquitto on port ${this.port}\n${this.log}`, async () => {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited (${proc.exitCode}):\n${this.log}`);
      return portOpen(this.port);
    }, 10_000, 50);
  }

  /** SIGTERM by pid (Mosquitto then saves its persistence file), SIGKILL if it lingers. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    process.kill(proc.pid!, 'SIGTERM');
    const killer = setTimeout(() => proc.exitCode === null && process.kill(proc.pid!, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Makes a Mosquitto password file with mosquitto_passwd -b (-c for the first user). */
export function passwordFile(passwdBin: string, path: string, users: Record<string, string>): void {
  let first = true;
  for (const [user, password] of Object.entries(users)) {
    const r = spawnSync(passwdBin, [...(first ? ['-c'] : []), '-b', path, user, password], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mosquitto_passwd failed: ${r.stderr || r.error?.message}`);
    first = false;
  }
}
