/**
 * The part of d3-delaunay (ISC, no bundled typings) the demo-city generator uses.
 * Declared here rather than installing @types/d3-delaunay, to keep the dependency list as is.
 */
declare module 'd3-delaunay' {
  /** A Voronoi diagram clipped to its bounds. */
  export interface Voronoi {
    /** Closed polygon (first point repeated last) of cell i, or null if the cell is empty. */
    cellPolygon(i: number): Array<[number, number]> | null;
  }
  /** A Delaunay triangulation of points. */
  export class Delaunay {
    static from(points: ArrayLike<readonly [number, number]>): Delaunay;
    voronoi(bounds: [number, number, number, number]): Voronoi;
  }
}
