// Every tier: tests never reach the internet. The seal refuses every connection and DNS lookup
// that is not for loopback, whichever client makes it; the MockAgent below additionally makes a
// request through undici's global dispatcher fail early unless it targets a loopback server the
// test started itself (int and e2e; test/setup.unit.ts takes loopback away from unit tests too).
import './setup-network-seal.ts';
import { MockAgent, setGlobalDispatcher } from 'undici';

const agent = new MockAgent();
agent.disableNetConnect();
agent.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
setGlobalDispatcher(agent);
