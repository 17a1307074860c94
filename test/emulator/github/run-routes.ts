/** Workflow runs: get one, with the status and conclusion the test set. */
import { intParam, json, type Route } from './route-context.ts';

const getRun: Route = {
  handle(context) {
    const { store } = context.state;
    const repo = store.requireRepo(context.params['owner'] ?? '', context.params['repo'] ?? '');
    const run = store.requireWorkflowRun(repo, intParam(context, 'run_id'));
    const body = context.state.json.workflowRun(run);
    if (context.query['exclude_pull_requests'] === true) body['pull_requests'] = [];
    return json(200, body);
  },
};

export const runRoutes: Record<string, Route> = {
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}': getRun,
};
