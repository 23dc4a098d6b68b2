export * from './official-lists';
export * from './lists';
export * from './tree-2025';
export * from './reorganisation';
