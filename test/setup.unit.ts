// Unit tests open no socket, not even to loopback: after test/setup.ts, this replaces the
// global dispatcher with one that refuses every real connection, so a unit test that
// reaches for the network fails instead of quietly becoming an integration test.
import { MockAgent, setGlobalDispatcher } from 'undici';

const agent = new MockAgent();
agent.disableNetConnect();
setGlobalDispatcher(agent);
