export { BUILT_IN_UNIT_ALIASES } from './unit-aliases';
export { UnitResolver, cleanUnitName, isCollectiveUnitName, looksLikeUnitName, splitOutsideBrackets } from './unit-resolver';
