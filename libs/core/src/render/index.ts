export { renderOps, type RenderedOps, type RenderOptions } from './render-ops';
export { jsString } from './js-literal';
