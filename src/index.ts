// One bundle serves both steps of action.yml: the main step leaves a flag in state, so the
// runner's post step (which gets that state back) runs the cleanup instead.
import { runMain } from './action/main.js';
import { runPost } from './action/post.js';
import { isPostStep } from './action/step.js';

await (isPostStep() ? runPost() : runMain());
