/**
 * Which step of action.yml this run of the bundle is. One bundle serves both steps; the runner
 * gives the post step the state the main step saved, so the main step leaves a flag there.
 */
import * as core from '@actions/core';
import { State } from './constants.js';

/** Called by the main step first, so the post step that follows knows it is the post step. */
export function markPostStepNext(): void {
  core.saveState(State.IsPost, 'true');
}

/** True in the post step (the main step saved the flag), false in the main step. */
export function isPostStep(): boolean {
  return core.getState(State.IsPost) === 'true';
}
