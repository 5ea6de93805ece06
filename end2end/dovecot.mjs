// The mailbox the app under test polls: Debian's dovecot-imapd, started from a throwaway
// config in E2E_MAIL_DIR (plain IMAP on 127.0.0.1:E2E_IMAP_PORT, one user with a plain
// password, a maildir). A test delivers a message the way a local mail delivery does: it
// writes the file into the maildir's `new/` folder (see tests/email.spec.ts).
// Stopped with its parent (Playwright ends its web servers when the run ends).
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const port = Number(process.env.E2E_IMAP_PORT);
const dir = process.env.E2E_MAIL_DIR;
const user = process.env.E2E_IMAP_USER;
const password = process.env.E2E_IMAP_PASSWORD;
if (!port || !dir || !user || !password) throw new Error('E2E_IMAP_PORT, E2E_MAIL_DIR, E2E_IMAP_USER and E2E_IMAP_PASSWORD are needed');

const binary = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => fs.existsSync(p));
if (!binary) {
  console.error('dovecot is not installed: apt-get install -y dovecot-imapd (or run .ci/setup --tests)');
  process.exit(1);
}

fs.rmSync(dir, { recursive: true, force: true });
for (const sub of ['run', 'state', 'home']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
// The maildir exists before the first poll, so a test can deliver at once; everyone may write
// it (dovecot's mail processes run as the dovecot user when we are root, tests as us).
for (const sub of ['tmp', 'new', 'cur']) fs.mkdirSync(path.join(dir, 'mail', user, sub), { recursive: true });
for (const sub of ['mail', path.join('mail', user), ...['tmp', 'new', 'cur'].map((s) => path.join('mail', user, s)), 'home']) {
  fs.chmodSync(path.join(dir, sub), 0o777);
}
fs.chmodSync(dir, 0o755);

const root = process.getuid?.() === 0;
const me = root ? 'dovecot' : execFileSync('id', ['-un']).toString().trim();
const login = root ? 'dovenull' : me;
fs.writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`);
const config = `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
protocols = imap
listen = 127.0.0.1
default_internal_user = ${me}
default_internal_group = ${me}
default_login_user = ${login}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${me} gid=${me} home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
fs.writeFileSync(path.join(dir, 'dovecot.conf'), config);

const child = spawn(binary, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'inherit' });
child.on('exit', (code) => {
  console.error(`dovecot exited (${code}); its log:\n${fs.existsSync(path.join(dir, 'dovecot.log')) ? fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8') : ''}`);
  process.exit(code ?? 1);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    child.kill('SIGTERM');
    setTimeout(() => process.exit(0), 500);
  });
}
