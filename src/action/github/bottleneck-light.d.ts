// Bottleneck's light build (no clustering), the one octokit's throttling plugin runs on: its
// package types only the full build, whose API the light one shares.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
