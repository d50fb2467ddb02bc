// The components every chapter may use without importing them (passed to <Content components>).
import Correction from './Correction.astro';
import Tip from './Tip.astro';
import PrismaLab from '../../widgets/prisma-lab/PrismaLab.astro';

export const mdxComponents = { Correction, Tip, PrismaLab };
