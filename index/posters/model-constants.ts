/** Facts about nsfwjs's MobileNetV2 that tfjs-free modules need (importing tfjs costs ~0.5 s). */
export const EMBEDDING_SIZE = 1280;

/** Output order of the nsfwjs head (nsfwjs/dist/esm/nsfw_classes.js). */
export const NSFW_CLASSES = ['drawing', 'hentai', 'neutral', 'porn', 'sexy'] as const;
