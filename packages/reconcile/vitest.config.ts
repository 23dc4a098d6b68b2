import { temporalPackageConfig } from '../../vitest.shared.ts';

export default temporalPackageConfig();
