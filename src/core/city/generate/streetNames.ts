// Plausible French street names for the generated city, drawn deterministically per commune
// (unique within a commune until the pool runs out); radials are named after their destination.

import type { Rng } from '../../rng.ts';
import { RoadClass } from '../roadClass.ts';

/** Dedications: people (several born in Dijon: Eiffel, Rameau, Bossuet, Buffon's Montbard is near). */
const PEOPLE = [
  'Victor Hugo', 'Jean Jaurès', 'Gustave Eiffel', 'Jean-Philippe Rameau', 'Bossuet', 'Buffon', 'Pasteur',
  'Voltaire', 'Émile Zola', 'Jean Moulin', 'du Général de Gaulle', 'Colette', 'Lamartine', 'Claude Debussy',
  'Hector Berlioz', 'Gambetta', 'Carnot', 'Lafayette', 'Jeanne d’Arc', 'Marie Curie', 'Pierre Curie',
  'Albert Camus', 'Paul Verlaine', 'Molière', 'Racine', 'Corneille', 'Jean de La Fontaine', 'Montesquieu',
  'Diderot', 'Jean-Jacques Rousseau', 'Georges Brassens', 'Jacques Prévert', 'Saint-Exupéry', 'Mozart',
  'Frédéric Chopin', 'Vauban', 'Henri Dunant', 'Aristide Briand', 'Anatole France', 'Alfred de Musset',
  'Pierre Mendès France', 'Simone Veil', 'Condorcet', 'Champollion', 'Jean Monnet', 'Robert Schuman',
  'Félix Éboué', 'Clemenceau', 'Jean Zay', 'Louis Braille', 'Gustave Courbet', 'Claude Monet', 'Auguste Renoir',
  'Paul Cézanne', 'Édouard Branly', 'Ampère', 'Lavoisier', 'Jules Verne', 'George Sand', 'Stendhal',
  'Honoré de Balzac', 'Gustave Flaubert', 'Arthur Rimbaud', 'Charles Péguy', 'Maréchal Leclerc',
  'du Maréchal Foch', 'Louis Blériot', 'Nicéphore Niépce', 'Sadi Carnot', 'Jean Bart', 'Paul Éluard',
  'Louis Aragon', 'Romain Rolland', 'Henri Matisse', 'Georges Bizet', 'Maurice Ravel', 'Charles Gounod',
  'Joseph Fourier', 'Gaspard Monge', 'Jules Ferry', 'Léon Blum', 'Jean Macé', 'Marcelin Berthelot',
];

const THINGS = [
  'des Tilleuls', 'des Acacias', 'des Lilas', 'des Roses', 'des Vignes', 'du Moulin', 'de l’Église', 'de la Gare',
  'du Stade', 'des Écoles', 'de la Mairie', 'du Château', 'de la Fontaine', 'des Prés', 'des Champs', 'du Lavoir',
  'des Jardins', 'de la Liberté', 'de la République', 'de la Paix', 'des Peupliers', 'des Chênes',
  'des Marronniers', 'du Puits', 'des Vergers', 'de la Source', 'du Canal', 'de l’Ouche', 'des Glycines',
  'des Cerisiers', 'des Noyers', 'des Pommiers', 'des Bleuets', 'des Coquelicots', 'des Mésanges',
  'des Alouettes', 'des Hirondelles', 'du Bief', 'de la Combe', 'des Carrières', 'des Tanneries', 'des Forges',
  'des Moissons', 'du Clos', 'des Perrières', 'de Bourgogne', 'du Val', 'des Coteaux', 'du Lac', 'de la Prairie',
  'des Saules', 'des Charmes', 'des Érables', 'du Petit Bois', 'de la Croix', 'du Verger', 'des Pinsons',
  'du Parc', 'des Sports', 'des Platanes', 'des Sorbiers', 'des Aubépines', 'des Genêts', 'des Violettes',
  'des Jonquilles', 'des Primevères', 'du Cellier', 'des Pressoirs', 'des Vendanges', 'du Pressoir',
  'de la Côte', 'des Combes', 'du Plateau', 'des Murgers', 'des Grands Crus', 'de la Tour', 'des Remparts',
  'du Marché', 'des Halles', 'du Théâtre', 'des Arts', 'des Bons Enfants', 'des Godrans', 'de la Poste',
  'du Cimetière', 'de la Chapelle', 'du Couvent', 'des Templiers', 'du Prieuré', 'de l’Abbaye', 'des Cordiers',
  'des Tonneliers', 'des Vignerons', 'des Laboureurs', 'des Artisans', 'de l’Industrie', 'du Commerce',
  'des Entrepreneurs', 'de la Découverte', 'des Frères Lumière', 'du 8 Mai 1945', 'du 11 Novembre',
  'du 14 Juillet', 'de la Résistance', 'des Déportés', 'de la Libération', 'de l’Europe', 'des Nations',
];

const PREFIXES: Record<number, readonly string[]> = {
  [RoadClass.Primary]: ['Avenue', 'Boulevard'],
  [RoadClass.Secondary]: ['Avenue', 'Boulevard', 'Avenue', 'Rue'],
  [RoadClass.Tertiary]: ['Rue', 'Rue', 'Avenue'],
  [RoadClass.Residential]: ['Rue', 'Rue', 'Rue', 'Rue', 'Allée', 'Impasse', 'Chemin', 'Square'],
  [RoadClass.Pedestrian]: ['Rue', 'Rue', 'Passage', 'Place'],
};

function join(prefix: string, specific: string): string {
  return `${prefix} ${specific}`;
}

/** Deterministic name pools, one per commune. */
export class StreetNamer {
  private readonly used = new Map<number, Set<string>>();
  constructor(private readonly rng: Rng) {}

  /** A street name for a road of this class in commune `commune`. */
  street(commune: number, roadClass: RoadClass): string {
    let used = this.used.get(commune);
    if (!used) this.used.set(commune, (used = new Set()));
    const prefixes = PREFIXES[roadClass] ?? PREFIXES[RoadClass.Residential];
    let name = '';
    for (let attempt = 0; attempt < 12; attempt++) {
      const specific = this.rng.chance(0.45) ? this.rng.pick(PEOPLE) : this.rng.pick(THINGS);
      name = join(this.rng.pick(prefixes), specific);
      if (!used.has(name)) break;
    }
    used.add(name);
    return name;
  }

  /** A boulevard of Dijon's loops. */
  boulevard(): string {
    return join('Boulevard', this.rng.pick(PEOPLE));
  }
}

/** "Route de Talant" outside towns, "Avenue de Talant" inside a town (for major roads). */
export function routeName(destination: string, inTown: boolean, major: boolean): string {
  const de = /^[AEIOUYÉÈÊH]/i.test(destination) ? 'd’' : 'de ';
  return `${inTown ? (major ? 'Avenue' : 'Rue') : 'Route'} ${de}${destination}`;
}
