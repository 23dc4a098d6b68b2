export { startStack, type Stack, type StackOptions } from './stack';
export { freePort, startProcess, waitFor, type Managed } from './processes';
export { startTemporalDevServer, type TemporalDevServer } from './temporal';
