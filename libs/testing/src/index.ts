export { ensureTestInfrastructure, type TestInfrastructure } from './infrastructure.js';
export { createTestDatabase, eventually, testLogger, uniqueName, type TestDatabase } from './isolation.js';
export { describeDataServiceBasics, type DataServiceUnderTest } from './data-service-basics.js';
