import { spawnPty } from '../src/main/pty/nodePty';
const p = spawnPty({ shell: '/bin/sleep', args: ['4'], cwd: '/tmp', env: { PATH: process.env.PATH ?? '' }, cols: 80, rows: 24 });
p.onData(() => {});
p.write('x'.repeat(1 << 20));
const before = process.cpuUsage();
setTimeout(() => { const u = process.cpuUsage(before); console.log('cpu ms over 2 s:', ((u.user + u.system) / 1000).toFixed(0)); p.kill('SIGKILL'); setTimeout(() => process.exit(0), 200); }, 2000);
