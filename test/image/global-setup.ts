/**
 * Builds the reviewer image once for the image tier (scripts/build-image.sh: from its cache
 * when nothing that goes into it changed) and hands its reference to the tests.
 */
import type { TestProject } from 'vitest/node';
import { buildReviewerImage } from './build-image.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built reviewer image in the local container storage. */
    reviewerImage: string;
  }
}

/** Provides `reviewerImage` to the tests. */
export default function setup(project: TestProject): void {
  project.provide('reviewerImage', buildReviewerImage());
}
