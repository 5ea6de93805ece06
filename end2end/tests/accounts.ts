import * as path from 'node:path';

/** The first admin, made by `leady create-admin` when the test server starts. */
export const ADMIN = { email: 'admin@leady.test', name: 'Alena Adminová', password: 'Testovací-heslo-2026' };

/** The admin's signed-in browser state, saved by auth.setup.ts for the other tests. */
export const ADMIN_STATE = path.join(__dirname, '..', '.auth', 'admin.json');
