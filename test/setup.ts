// Every tier: tests never reach the internet. Every HTTP request made through undici's global
// dispatcher fails unless it targets a loopback server the test started itself (int and e2e;
// test/setup.unit.ts takes loopback away from unit tests too).
import { MockAgent, setGlobalDispatcher } from 'undici';

const agent = new MockAgent();
agent.disableNetConnect();
agent.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
setGlobalDispatcher(agent);
