export { startStack, type Stack, type StackOptions } from './stack';
export { freePort } from './processes';
