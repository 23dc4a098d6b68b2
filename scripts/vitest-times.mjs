// A vitest reporter that records how long each project's test files took, so `npm test` can print
// where its time goes. A file's time is everything vitest spent on it: its environment, importing
// it and what it imports, its hooks and its tests. Files of a project run side by side with other
// projects' files (a few at a time: vitest.config.ts), so the sums add up to more than the wall time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export default class ProjectTimes {
  /** @param {{ outputFile?: string }} options */
  constructor(options = {}) {
    this.outputFile = options.outputFile ?? process.env.VITEST_TIMES_FILE;
    this.started = Date.now();
  }

  onTestRunEnd(testModules) {
    const projects = {};
    for (const module of testModules) {
      const d = module.diagnostic();
      const ms = d.environmentSetupDuration + d.prepareDuration + d.collectDuration + d.setupDuration + d.duration;
      const name = module.project.name || '(root)';
      const project = (projects[name] ??= { files: 0, ms: 0, slowest: { file: '', ms: 0 } });
      project.files += 1;
      project.ms += ms;
      if (ms > project.slowest.ms) project.slowest = { file: module.relativeModuleId, ms };
    }
    if (!this.outputFile) return;
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, JSON.stringify({ wallMs: Date.now() - this.started, projects }, null, 1) + '\n');
  }
}
