/**
 * Style-spec types as maplibre-gl exposes them (through its own signatures), so the screen does
 * not import the style-spec package maplibre-gl depends on.
 */
import type { Map as MapLibreMap, MapOptions } from 'maplibre-gl';

/** A whole style. */
export type StyleSpec = Exclude<MapOptions['style'], string | undefined>;
/** One layer of a style. */
export type LayerSpec = StyleSpec['layers'][number];
/** One source of a style. */
export type SourceSpec = StyleSpec['sources'][string];
/** A filter expression (`setFilter`). */
export type FilterSpec = NonNullable<Parameters<MapLibreMap['setFilter']>[1]>;
/** A fill layer, for its paint properties' types. */
type FillLayer = Extract<LayerSpec, { type: 'fill' }>;
/** A data-driven colour value (an expression or a constant). */
export type ColorValue = NonNullable<NonNullable<FillLayer['paint']>['fill-color']>;
/** A data-driven number value. */
export type NumberValue = NonNullable<NonNullable<FillLayer['paint']>['fill-opacity']>;
/** An expression (the array form of a value). */
export type ExpressionSpec = Extract<ColorValue, readonly unknown[]>;
