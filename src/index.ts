// One bundle serves both steps of action.yml: the main step records `is-post` in state, so
// the runner's post step (which gets that state back) runs the cleanup instead.
import * as core from '@actions/core';
import { runMain } from './action/main.js';
import { runPost } from './action/post.js';
import { State } from './action/constants.js';

await (core.getState(State.IsPost) === 'true' ? runPost() : runMain());
