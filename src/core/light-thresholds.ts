/**
 * A traffic light (红黄绿灯) on a target: `green` on track, `yellow` lagging, `red` off
 * track, `done` achieved, `none` no data.
 */
export type Light = 'green' | 'yellow' | 'red' | 'done' | 'none';

/**
 * The thresholds that turn a comparison into a light. Configuration, not code: a deployment
 * may pass other numbers (DESIGN.md §4, Default lights).
 */
export interface LightThresholds {
  /** Flow targets: yellow while the share done is at most this many points below expected progress. */
  readonly flowYellowPoints: number;
  /** Growth targets: yellow while cumulative growth is at most this many points below the target. */
  readonly growthYellowPoints: number;
  /** Levels and rates: yellow while the value is short of the target by at most this share of it. */
  readonly levelYellowShare: number;
  /** Milestones: yellow while the planned date (or the next node) is late by fewer days than this. */
  readonly milestoneYellowDays: number;
  /** A red target that catches up shows yellow for one period before green. */
  readonly dampRecovery: boolean;
}

/**
 * The default light thresholds of DESIGN.md §4: 10 points for flows, 1 point for growths,
 * 2% of the target for levels, 30 days for milestones, damped recovery on.
 */
export const defaultLightThresholds: LightThresholds = Object.freeze({
  flowYellowPoints: 10,
  growthYellowPoints: 1,
  levelYellowShare: 0.02,
  milestoneYellowDays: 30,
  dampRecovery: true,
});
