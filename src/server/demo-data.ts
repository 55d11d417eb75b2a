/**
 * The demo the server starts with: delegated to the register's demo loader (services/demo*.ts)
 * once it exists. Returns one line describing what was loaded.
 */
import type { Store } from '../store/database.js';

export async function loadDemoData(store: Store): Promise<string> {
  const plans = await store.db.selectFrom('plan').select('id').execute();
  return `演示数据 / demo data: ${plans.length} plan(s) in the register`;
}
