export { ensureTestInfrastructure, type TestInfrastructure } from './infrastructure.js';
export { createTestDatabase, eventually, TEST_RUN_ENV, testLogger, uniqueName, type TestDatabase } from './isolation.js';
export { deleteRunTopics } from './run-topics.js';
export { describeDataServiceBasics, type DataServiceUnderTest } from './data-service-basics.js';
