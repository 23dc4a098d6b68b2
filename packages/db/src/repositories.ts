import { NATIONAL_THREE_LEVEL_SCHEME, type LevelScheme } from '@chidao/domain';
import { createAssignmentRepository } from './assignments';
import { createAuditRepository } from './audit';
import { createCalendarRepository } from './calendar';
import type { Db } from './client';
import { createDirectiveRepository } from './directives';
import { createIdempotencyRepository } from './idempotency';
import { createIdentityRepositories } from './identity';
import { createLifecycleRepositories } from './lifecycle';
import { createReorganisationRepository } from './reorganisations';
import { createRollupRepository } from './rollups';
import { createAdjustmentRepository } from './adjustments';
import { createStatisticsRepository } from './statistics';
import { createUrgingRepository } from './urgings';
import { createUnitRepository } from './units';
import { createNotificationRepository } from './notifications';
import { createContactRepository } from './contacts';
import { createAdministrationRepository } from './administration';
import { createSingleSignOnRepository } from './single-sign-on';
import { createProvinceSettingsRepository } from './province-settings';
import { createAttachmentRepository } from './attachments';

/**
 * The read model behind the API and the activities, one module per aggregate (units, directives,
 * assignments; users with the rest of identity). Dates cross this boundary as ISO strings:
 * instants as `toISOString()`, calendar dates as `yyyy-MM-dd`.
 */

export interface RepositoryOptions {
  /**
   * The level scheme the units follow; defaults to the 2020 levels with a ministry (`nation`) above
   * them, which the two-level tree of 2025 also fits, so a national tree can be stored.
   */
  readonly scheme?: LevelScheme;
}

export type Repositories = ReturnType<typeof createRepositories>;

export function createRepositories(db: Db, options: RepositoryOptions = {}) {
  const { users, ...identity } = createIdentityRepositories(db);
  return {
    units: createUnitRepository(db, options.scheme ?? NATIONAL_THREE_LEVEL_SCHEME),
    users,
    directives: createDirectiveRepository(db),
    assignments: createAssignmentRepository(db),
    ...identity,
    audit: createAuditRepository(db),
    idempotency: createIdempotencyRepository(db),
    ...createLifecycleRepositories(db),
    rollups: createRollupRepository(db),
    calendar: createCalendarRepository(db),
    reorganisations: createReorganisationRepository(db),
    statistics: createStatisticsRepository(db),
    urgings: createUrgingRepository(db),
    adjustments: createAdjustmentRepository(db),
    notifications: createNotificationRepository(db),
    contacts: createContactRepository(db),
    administration: createAdministrationRepository(db),
    singleSignOn: createSingleSignOnRepository(db),
    provinceSettings: createProvinceSettingsRepository(db),
    attachments: createAttachmentRepository(db),
  };
}
