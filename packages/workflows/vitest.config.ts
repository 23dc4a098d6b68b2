import { temporalPackageConfig } from '../../vitest.shared';

export default temporalPackageConfig();
