export { ensureTestInfrastructure, type TestInfrastructure } from './infrastructure.js';
export { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from './isolation.js';
