export * from './iso-date';
export * from './iso-week';
export * from './working-days';
export * from './work-calendar';
