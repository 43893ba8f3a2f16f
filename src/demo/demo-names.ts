/**
 * Given names and surnames of the many origins Londoners have, for the demo's invented people.
 * Each group pairs names that go together; the demo mostly draws a person's names from one group
 * and now and then mixes two, as families do. No combination is meant to be a real person.
 */

export type NameGroup = Readonly<{
  /** The language a person of this group might prefer for letters, when not English. */
  language: string | null;
  given: readonly string[];
  surnames: readonly string[];
  /** How many of every hundred demo people come from this group. */
  weight: number;
}>;

export const nameGroups: Readonly<Record<string, NameGroup>> = {
  english: {
    language: null,
    weight: 22,
    given: [
      'Oliver',
      'Charlotte',
      'Harry',
      'Emily',
      'George',
      'Sophie',
      'James',
      'Hannah',
      'William',
      'Lucy',
      'Thomas',
      'Rebecca',
      'Daniel',
      'Claire',
      'Matthew',
      'Helen',
      'Peter',
      'Margaret',
      'Simon',
      'Joanne',
      'Graham',
      'Pauline',
      'Stuart',
      'Alison',
    ],
    surnames: [
      'Taylor',
      'Brown',
      'Wilson',
      'Clarke',
      'Hughes',
      'Walker',
      'Cooper',
      'Hall',
      'Turner',
      'Parker',
      'Fletcher',
      'Baker',
      'Holloway',
      'Whitfield',
      'Pemberton',
      'Ashworth',
      'Goodwin',
      'Lockwood',
      'Harding',
      'Mayhew',
    ],
  },
  celtic: {
    language: null,
    weight: 6,
    given: [
      'Siobhan',
      'Ciaran',
      'Niamh',
      'Declan',
      'Aoife',
      'Eamon',
      'Fiona',
      'Callum',
      'Morag',
      'Rhys',
      'Bethan',
      'Iain',
    ],
    surnames: [
      "O'Connor",
      'Murphy',
      'Byrne',
      'Gallagher',
      'MacLeod',
      'Jones',
      'Evans',
      'Griffiths',
      'Fraser',
      'Doherty',
      "O'Sullivan",
      'McBride',
    ],
  },
  yoruba: {
    language: 'Yoruba',
    weight: 4,
    given: [
      'Adebayo',
      'Funmilayo',
      'Oluwaseun',
      'Folake',
      'Babajide',
      'Yetunde',
      'Olumide',
      'Titilayo',
      'Kehinde',
      'Bukola',
    ],
    surnames: ['Ogunleye', 'Oyelaran', 'Balogun', 'Olatunji', 'Akinola', 'Adewale', 'Oladipo', 'Fashola'],
  },
  igbo: {
    language: null,
    weight: 3,
    given: ['Chinedu', 'Ngozi', 'Emeka', 'Chiamaka', 'Obinna', 'Adaeze', 'Ifeanyi', 'Nneka'],
    surnames: ['Okonkwo', 'Eze', 'Nwosu', 'Obi', 'Chukwu', 'Okeke', 'Anozie', 'Nwachukwu'],
  },
  ghanaian: {
    language: 'Twi',
    weight: 3,
    given: ['Kwame', 'Ama', 'Kofi', 'Akosua', 'Yaw', 'Abena', 'Kwabena', 'Efua'],
    surnames: ['Mensah', 'Asante', 'Boateng', 'Owusu', 'Appiah', 'Darko', 'Agyeman', 'Ofori'],
  },
  caribbean: {
    language: null,
    weight: 6,
    given: [
      'Marcia',
      'Delroy',
      'Beverley',
      'Winston',
      'Paulette',
      'Leroy',
      'Jermaine',
      'Shanice',
      'Errol',
      'Claudette',
    ],
    surnames: [
      'Campbell',
      'Thompson',
      'Francis',
      'Grant',
      'Henry',
      'Bailey',
      'Reid',
      'Samuels',
      'McKenzie',
      'Brathwaite',
    ],
  },
  somali: {
    language: 'Somali',
    weight: 3,
    given: ['Abdirahman', 'Hodan', 'Mohamed', 'Fadumo', 'Ahmed', 'Sahra', 'Abdi', 'Ayaan', 'Hassan', 'Ifrah'],
    surnames: ['Warsame', 'Ismail', 'Hussein', 'Abdullahi', 'Jama', 'Osman', 'Aden', 'Nur'],
  },
  hornOfAfrica: {
    language: 'Tigrinya',
    weight: 2,
    given: ['Tesfaye', 'Selam', 'Dawit', 'Meron', 'Yonas', 'Hiwot', 'Bereket', 'Saba'],
    surnames: ['Haile', 'Tekle', 'Gebremariam', 'Bekele', 'Woldemichael', 'Tsegaye'],
  },
  punjabi: {
    language: 'Punjabi',
    weight: 3,
    given: ['Harpreet', 'Gurpreet', 'Manjit', 'Jaswinder', 'Rajinder', 'Simran', 'Amarjit', 'Navdeep'],
    surnames: ['Sandhu', 'Gill', 'Dhillon', 'Sidhu', 'Bains', 'Grewal', 'Kaur', 'Johal'],
  },
  gujarati: {
    language: 'Gujarati',
    weight: 4,
    given: ['Nikhil', 'Meera', 'Hitesh', 'Bhavna', 'Rakesh', 'Nisha', 'Mehul', 'Hema'],
    surnames: ['Patel', 'Mistry', 'Desai', 'Joshi', 'Parekh', 'Thakkar', 'Chauhan', 'Lakhani'],
  },
  tamil: {
    language: 'Tamil',
    weight: 3,
    given: ['Arun', 'Kavitha', 'Suresh', 'Lakshmi', 'Rajan', 'Tharshini', 'Senthil', 'Meena'],
    surnames: [
      'Sivakumar',
      'Rajaratnam',
      'Kanagaratnam',
      'Subramaniam',
      'Navaratnam',
      'Murugesu',
      'Fernando',
      'Perera',
    ],
  },
  bangladeshi: {
    language: 'Bengali (Sylheti)',
    weight: 4,
    given: [
      'Rahim',
      'Nasima',
      'Shahid',
      'Rukhsana',
      'Mizanur',
      'Fahmida',
      'Jamal',
      'Shirin',
      'Abdul',
      'Rehana',
    ],
    surnames: ['Rahman', 'Uddin', 'Miah', 'Begum', 'Chowdhury', 'Islam', 'Hoque', 'Ahmed'],
  },
  pakistani: {
    language: 'Urdu',
    weight: 3,
    given: ['Faisal', 'Ayesha', 'Tariq', 'Saima', 'Asif', 'Sana', 'Kamran', 'Zainab'],
    surnames: ['Khan', 'Hussain', 'Malik', 'Iqbal', 'Qureshi', 'Butt', 'Akhtar', 'Raza'],
  },
  chinese: {
    language: 'Cantonese',
    weight: 3,
    given: ['Wei', 'Mei', 'Jian', 'Hui', 'Ming', 'Xiaoling', 'Kai', 'Yan'],
    surnames: ['Chen', 'Wong', 'Li', 'Zhang', 'Lam', 'Cheung', 'Liu', 'Ho'],
  },
  vietnamese: {
    language: 'Vietnamese',
    weight: 1,
    given: ['Minh', 'Thu', 'Tuan', 'Linh', 'Quang', 'Hoa'],
    surnames: ['Nguyen', 'Tran', 'Pham', 'Le', 'Hoang', 'Vu'],
  },
  filipino: {
    language: null,
    weight: 2,
    given: ['Maricel', 'Jose', 'Rowena', 'Ramon', 'Analyn', 'Rodel'],
    surnames: ['Santos', 'Reyes', 'Cruz', 'Bautista', 'Villanueva', 'Mendoza'],
  },
  polish: {
    language: 'Polish',
    weight: 4,
    given: ['Katarzyna', 'Tomasz', 'Agnieszka', 'Piotr', 'Magdalena', 'Krzysztof', 'Ewa', 'Marek'],
    surnames: ['Nowak', 'Wiśniewski', 'Zieliński', 'Wójcik', 'Kamiński', 'Lewandowski', 'Dąbrowski', 'Mazur'],
  },
  romanian: {
    language: 'Romanian',
    weight: 3,
    given: ['Andrei', 'Ioana', 'Mihai', 'Elena', 'Bogdan', 'Cristina', 'Georgi', 'Dimitrina'],
    surnames: ['Popescu', 'Ionescu', 'Dumitru', 'Stoica', 'Georgiev', 'Ivanov', 'Dimitrov', 'Constantin'],
  },
  lithuanian: {
    language: 'Lithuanian',
    weight: 1,
    given: ['Tomas', 'Rūta', 'Mantas', 'Jurgita'],
    surnames: ['Kazlauskas', 'Petrauskas', 'Jankauskas', 'Žukauskas'],
  },
  lusophone: {
    language: 'Portuguese',
    weight: 3,
    given: ['João', 'Ana', 'Rafael', 'Mariana', 'Tiago', 'Beatriz', 'Luiz', 'Fernanda'],
    surnames: ['Silva', 'Oliveira', 'Costa', 'Pereira', 'Rodrigues', 'Almeida', 'Carvalho', 'Ferreira'],
  },
  hispanic: {
    language: 'Spanish',
    weight: 3,
    given: ['Alejandro', 'Lucía', 'Javier', 'Carmen', 'Diego', 'Valentina', 'Andrés', 'Paula'],
    surnames: ['García', 'Martínez', 'López', 'Gómez', 'Hernández', 'Moreno', 'Jiménez', 'Castillo'],
  },
  italian: {
    language: null,
    weight: 2,
    given: ['Marco', 'Giulia', 'Luca', 'Francesca', 'Giovanni', 'Chiara'],
    surnames: ['Rossi', 'Russo', 'Bianchi', 'Romano', 'Esposito', 'Ricci'],
  },
  cypriot: {
    language: 'Greek',
    weight: 2,
    given: ['Andreas', 'Eleni', 'Christos', 'Maria', 'Yiannis', 'Sophia', 'Costas', 'Despina'],
    surnames: ['Georgiou', 'Christodoulou', 'Papadopoulos', 'Constantinou', 'Ioannou', 'Charalambous'],
  },
  turkish: {
    language: 'Turkish',
    weight: 3,
    given: ['Mehmet', 'Ayşe', 'Mustafa', 'Zeynep', 'Hasan', 'Elif', 'Serkan', 'Gülsen'],
    surnames: ['Yılmaz', 'Demir', 'Kaya', 'Çelik', 'Şahin', 'Aydın', 'Öztürk', 'Arslan'],
  },
  middleEastern: {
    language: 'Arabic',
    weight: 3,
    given: ['Reza', 'Shirin', 'Dariush', 'Parisa', 'Farid', 'Leila', 'Omar', 'Yasmin', 'Karim', 'Noor'],
    surnames: ['Hosseini', 'Rahimi', 'Karimi', 'Ahmadi', 'Haddad', 'Mansour', 'Nasser', 'Saleh'],
  },
  jewish: {
    language: null,
    weight: 2,
    given: ['David', 'Rachel', 'Benjamin', 'Miriam', 'Samuel', 'Esther', 'Jonathan', 'Naomi'],
    surnames: ['Cohen', 'Levy', 'Goldberg', 'Rosen', 'Friedman', 'Abrahams', 'Jacobs', 'Shapiro'],
  },
  albanian: {
    language: 'Albanian',
    weight: 1,
    given: ['Arben', 'Besa', 'Driton', 'Drita'],
    surnames: ['Krasniqi', 'Berisha', 'Gashi', 'Shala'],
  },
  eastAsian: {
    language: null,
    weight: 1,
    given: ['Hiroshi', 'Yuki', 'Ji-woo', 'Min-jun'],
    surnames: ['Tanaka', 'Sato', 'Kim', 'Park'],
  },
};

export type NameGroupKey = keyof typeof nameGroups;

/** Letters an e-mail address keeps: accents dropped, ł, ø and ı made plain, the rest removed. */
export function asciiSlug(text: string): string {
  return text
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/ı/g, 'i')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
