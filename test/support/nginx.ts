import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { NGINX_SITE_FILE, requireCommand } from './deploy.ts';

export const NGINX = '/usr/sbin/nginx';
export const OPENSSL = '/usr/bin/openssl';
/** The site's name in deploy/nginx/wirepress.conf and deploy/wirepress.env. */
export const SITE_NAME = 'news.example.org';
/** How long nginx gets to start accepting connections. */
const START_TIMEOUT_MS = 10_000;

/** A port free on loopback now (nginx cannot be told to pick one itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A self-signed certificate for SITE_NAME, as certbot would leave one: fullchain.pem and privkey.pem in `dir`. */
export function makeCertificate(dir: string): { cert: string } {
  const openssl = requireCommand(OPENSSL, 'openssl');
  mkdirSync(dir, { recursive: true });
  const made = spawnSync(
    openssl,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${SITE_NAME}`,
      '-addext',
      `subjectAltName=DNS:${SITE_NAME}`,
      '-keyout',
      join(dir, 'privkey.pem'),
      '-out',
      join(dir, 'fullchain.pem'),
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
  return { cert: readFileSync(join(dir, 'fullchain.pem'), 'utf8') };
}

export interface SitePorts {
  http: number;
  https: number;
  app: number;
}

/**
 * deploy/nginx/wirepress.conf with only what a test must change: the listening ports (on
 * loopback, IPv4 only), the app's port, and the certificate, cache and challenge directories.
 * Each change must find exactly what it expects, so an edit of the shipped file that these
 * rewrites no longer fit fails here instead of leaving part of the file untried.
 */
export function siteConfigForTest(dir: string, ports: SitePorts): string {
  let text = readFileSync(NGINX_SITE_FILE, 'utf8');
  const rewrite = (pattern: RegExp, to: string, times: number) => {
    const found = text.match(pattern)?.length ?? 0;
    if (found !== times) throw new Error(`deploy/nginx/wirepress.conf: expected ${pattern} ${times} times, found it ${found} times`);
    text = text.replace(pattern, to);
  };
  rewrite(/^ *listen \[::\]:.*\n/gm, '', 2);
  rewrite(/^( *)listen 80;/gm, `$1listen 127.0.0.1:${ports.http};`, 1);
  rewrite(/^( *)listen 443 /gm, `$1listen 127.0.0.1:${ports.https} `, 1);
  rewrite(/server 127\.0\.0\.1:3000;/g, `server 127.0.0.1:${ports.app};`, 1);
  rewrite(new RegExp(`/etc/letsencrypt/live/${SITE_NAME}/`, 'g'), `${dir}/tls/`, 2);
  // Only the parent, which exists, as /var/cache does: nginx makes the last directory alone.
  rewrite(/\/var\/cache\//g, `${dir}/`, 1);
  rewrite(/\/var\/www\/letsencrypt/g, `${dir}/acme`, 2); // the root and the comment on certbot
  const left = /\/(etc|var)\/\S*/.exec(text.replaceAll(dir, '').replace(/#.*$/gm, ''));
  if (left) throw new Error(`deploy/nginx/wirepress.conf names ${left[0]}, which the test does not replace`);
  return text;
}

/**
 * The main configuration the site is included from: Debian's /etc/nginx/nginx.conf in what
 * matters to the site (gzip on for every site, its TLS protocols), with files kept in `dir`.
 */
function mainConfig(dir: string): string {
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
  ssl_prefer_server_ciphers on;
  gzip on;
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/wirepress.conf;
}
`;
}

export interface RunningNginx {
  child: ChildProcess;
  stderr: string[];
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Debian's nginx in the foreground with the site as rewritten for `ports`; the certificate must be in dir/tls. */
export async function startNginx(dir: string, ports: SitePorts): Promise<RunningNginx> {
  const nginx = requireCommand(NGINX, 'nginx');
  // nginx's workers run as nobody when the tests run as root: they must reach the cache directory.
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'wirepress.conf'), siteConfigForTest(dir, ports));
  writeFileSync(join(dir, 'nginx.conf'), mainConfig(dir));
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')];
  const check = spawnSync(nginx, [...args, '-t'], { encoding: 'utf8', timeout: 30_000 });
  if (check.status !== 0) throw new Error(`nginx -t refused the site:\n${check.stderr}`);
  const child = spawn(nginx, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await canConnect(ports.https))) {
    if (!running) throw new Error(`nginx exited before listening: ${stderr.join('')}${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not listen on ${ports.https} within ${START_TIMEOUT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    stderr,
    exited,
    stop: async () => {
      if (running) child.kill('SIGQUIT'); // nginx's graceful stop
      await exited;
    },
  };
}
