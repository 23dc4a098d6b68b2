/**
 * The rules workflow code runs, and only those: the workflow bundle instantiates every module it
 * contains once per running workflow (the module cache lives on each workflow's global object), so
 * importing the package index there would give each of thousands of workflows its own copy of the
 * seed trees and the issuing rules (docs/benchmarks). Workflows import from `@chidao/domain/workflow`.
 */
export * from './errors';
export * from './assignment';
export * from './forwarding';
export * from './requests';
export * from './reports';
export * from './periodic';
export * from './obligations';
export * from './amendments';
export * from './replan';
