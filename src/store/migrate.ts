import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m001 from './migrations/001_initial.ts';
import * as m002 from './migrations/002_deliveries.ts';
import * as m003 from './migrations/003_send.ts';
import * as m004 from './migrations/004_list_status_index.ts';
import * as m005 from './migrations/005_invoice_views.ts';
import * as m006 from './migrations/006_payments.ts';
import * as m007 from './migrations/007_test_provider_charges.ts';
import * as m008 from './migrations/008_payment_methods.ts';
import * as m009 from './migrations/009_webhooks.ts';
import * as m011 from './migrations/011_pdf_cache.ts';
import * as m013 from './migrations/013_templates.ts';
import * as m015 from './migrations/015_estimates.ts';
import * as m016 from './migrations/016_location_clocks.ts';
import * as m017 from './migrations/017_estimate_deliveries.ts';
import * as m018 from './migrations/018_schedules.ts';
import * as m019 from './migrations/019_late_fees.ts';
import * as m020 from './migrations/020_reminders.ts';
import * as m021 from './migrations/021_dashboard.ts';
import * as m022 from './migrations/022_location_settings.ts';
import * as m023 from './migrations/023_dashboard_list_indexes.ts';

const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '002_deliveries': m002,
  '003_send': m003,
  '004_list_status_index': m004,
  '005_invoice_views': m005,
  '006_payments': m006,
  '007_test_provider_charges': m007,
  '008_payment_methods': m008,
  '009_webhooks': m009,
  '011_pdf_cache': m011,
  '013_templates': m013,
  '015_estimates': m015,
  '016_location_clocks': m016,
  '017_estimate_deliveries': m017,
  '018_schedules': m018,
  '019_late_fees': m019,
  '020_reminders': m020,
  '021_dashboard': m021,
  '022_location_settings': m022,
  '023_dashboard_list_indexes': m023,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** Applies every pending migration; safe to run from several processes at once (Kysely takes a lock). */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
