"""Word lists the highlighter consults: places, groups, organisations, titles, common words."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "COMMON_ACRONYMS",
    "COMMON_CAPITALISED",
    "COUNTRIES",
    "KNOWN_PEOPLE",
    "DEMONYMS",
    "FIRST_NAMES",
    "GAZETTEER",
    "ORG_ACRONYMS",
    "ORG_WORDS",
    "PERSON_TITLES",
    "PLACES",
    "PLACE_WORDS",
    "PREFIX_PARTICLES",
    "TIME_WORDS",
    "word_set",
]


def word_set(block: str) -> frozenset[str]:
    """The words of a block of text, as a set."""
    return frozenset(block.split())


def _phrases(block: str) -> frozenset[str]:
    return frozenset(line.strip() for line in block.strip().splitlines() if line.strip())


_DATA = Path(__file__).resolve().parent.parent / "data"


def _data_list(name: str) -> frozenset[str]:
    """One shipped list of `annotations/data/` (sources and licences in its README)."""
    return _phrases((_DATA / name).read_text(encoding="utf-8"))


GAZETTEER: frozenset[str] = _data_list("places.txt")
"""Countries, capitals, cities of half a million people or more, US states and continents,
from GeoNames (CC BY 4.0)."""


COUNTRIES: frozenset[str] = _data_list("countries.txt") | _phrases("""
Afghanistan
Albania
Algeria
Andorra
Angola
Argentina
Armenia
Australia
Austria
Azerbaijan
Bahrain
Bangladesh
Belarus
Belgium
Bolivia
Bosnia
Brazil
Britain
Great Britain
Bulgaria
Burma
Cambodia
Cameroon
Canada
Chad
Chile
China
Colombia
Congo
Croatia
Cuba
Cyprus
Czech Republic
Denmark
Djibouti
Egypt
Eritrea
Estonia
Ethiopia
Europe
Finland
France
Georgia
Germany
Ghana
Greece
Hungary
Iceland
India
Indonesia
Iran
Iraq
Ireland
Israel
Italy
Japan
Jordan
Kazakhstan
Kenya
Korea
North Korea
South Korea
Kosovo
Kuwait
Kyrgyzstan
Latvia
Lebanon
Libya
Lithuania
Luxembourg
Macedonia
Malaysia
Mali
Malta
Mauritania
Mexico
Moldova
Mongolia
Montenegro
Morocco
Nepal
Netherlands
New Zealand
Niger
Nigeria
Norway
Oman
Pakistan
Palestine
Panama
Peru
Philippines
Poland
Portugal
Qatar
Romania
Russia
Rwanda
Saudi Arabia
Senegal
Serbia
Singapore
Slovakia
Slovenia
Somalia
South Africa
Spain
Sri Lanka
Sudan
South Sudan
Sweden
Switzerland
Syria
Taiwan
Tajikistan
Tanzania
Thailand
Tunisia
Turkey
Turkmenistan
Uganda
Ukraine
United Arab Emirates
UAE
United Kingdom
UK
U.K
U.K.
United States
United States of America
US
U.S
U.S.
USA
America
Uzbekistan
Venezuela
Vietnam
Yemen
Zambia
Zimbabwe
""")
"""States: every country GeoNames lists, and the short names and abbreviations the news uses;
a state can act as a body."""

PLACES: frozenset[str] = COUNTRIES | GAZETTEER | _phrases("""
England
Scotland
Wales
Northern Ireland
Britain
Africa
Asia
Middle East
Gulf
Persian Gulf
Mediterranean
Caucasus
North Caucasus
Balkans
Levant
Sinai
Crimea
Gaza
West Bank
Golan Heights
Kurdistan
Siberia
Scandinavia
Latin America
Central America
South America
North America
Central Asia
Southeast Asia
East Asia
South Asia
Pacific
Atlantic
Arctic
Antarctic
Caribbean
Balkans
Sahara
Sahel
Alps
Himalayas
Earth
Soviet Union
USSR
Czechoslovakia
Yugoslavia
East Germany
West Germany
Ottoman Empire
""")
"""Places: the gazetteer, and regions and seas the news names that no gazetteer of states and
cities holds."""

DEMONYMS: frozenset[str] = word_set("""
Syrian Syrians Iraqi Iraqis Kurdish Kurd Kurds Arab Arabs Arabic Turkish Turk Turks Russian
Russians American Americans British Briton Britons French German Germans Italian Iranian Iranians
Israeli Israelis Lebanese Jordanian Jordanians Egyptian Egyptians Saudi Saudis Qatari Emirati
Yemeni Libyan Tunisian Moroccan Algerian Afghan Afghans Pakistani Chinese Japanese Indian
Ukrainian Ukrainians Chechen Chechens European Europeans African Asian Western Australian
Australians Canadian Canadians Danish Dutch Belgian Norwegian Swedish Spanish Polish Greek
Palestinian Palestinians Sunni Sunnis Shia Shiite Shiites Shi'a Alawite Alawites Yazidi Yazidis
Yezidi Christian Christians Muslim Muslims Islamic Jewish Jew Jews Druze Turkmen Turkoman
Assyrian Assyrians Armenian Armenians Circassian Bedouin Sufi Salafi Salafist Jihadi Jihadist
Wahhabi Catholic Orthodox Coptic Copts Baathist Hashemite Kuwaiti Bahraini Omani Sudanese
Somali Nigerian Malian Kazakh Uzbek Tajik Georgian Azerbaijani Azeri Cypriot Maltese Emiratis
Austrian Swiss Czech Hungarian Romanian Bulgarian Serbian Bosnian Albanian Croatian Finnish
Irish Scottish Welsh English Brazilian Mexican Korean Vietnamese Filipino Indonesian Malaysian
Levantine Persian Mideast Non-Syrian Pro-Syrian Anti-Syrian Iraqi-Syrian Syrian-Iraqi
""")

ORG_WORDS: frozenset[str] = word_set("""
Ministry Ministries Department Office Council Committee Commission Command Forces Force Army
Armies Navy Air Corps Marines Guard Guards Coalition Alliance Union Nations Agency Agencies
Organisation Organization Observatory Party Front Brigade Brigades Battalion Regiment Division
Group Network Movement Militia Militias Authority Authorities Government Administration
Parliament Assembly Congress Senate Cabinet Court Tribunal Bank Fund Foundation Institute
University College School Centre Center Company Corporation Corp Inc Ltd Association Society
Crescent Cross Mission Delegation Embassy Consulate Secretariat Directorate Bureau Service
Services Intelligence Police Staff Chiefs Task Team Unit Units Operations Headquarters
Programme Program Board Federation Kremlin Pentagon Jazeera Press News Agency Times Post
Herald Channel Radio Television TV Media Reuters Hezbollah Hizballah Taliban Qaeda Daesh Daish
ISIS ISIL IS Nusra Sham Peshmerga YPG YPJ SDF PKK PYD FSA SAA UN UNHCR UNICEF WFP WHO ICRC NATO
EU OPCW OCHA IAEA CENTCOM CJTF-OIR CJTF OIR DoD MoD FCO DFAT USAID IOM UNSC ISF CTS PMF PMU
Caliphate Emirate Interpol Kataib Ahrar Jaysh Jaish Jabhat Tahrir Fatah Hamas Baath
Democratic Republican Republicans Democrats Opposition Regime Diaspora
""")

ORG_ACRONYMS: frozenset[str] = word_set("""
ISIS ISIL IS Daesh Daish UN UNHCR UNICEF WFP WHO ICRC NATO EU OPCW OCHA IAEA CENTCOM CJTF-OIR
CJTF OIR DoD MoD FCO DFAT USAID IOM UNSC ISF CTS PMF PMU YPG YPJ SDF PKK PYD FSA SAA HTS
UNGA UNSG ISSG HNC SOHR SANA AFP BBC CNN RT TASS MSF IRGC NGO NGOs
""")

PLACE_WORDS: frozenset[str] = word_set("""
Province Governorate Governate District City Town Village River Valley Dam Mountains Mountain
Mount Lake Sea Gulf Strait Island Islands Desert Plain Plains Heights Square Street Airport
Airbase Base Bridge Camp Crossing Region Basin Peninsula Coast Oblast County Territory
Territories Border Corridor Pocket Enclave Hill Ridge
""")

PERSON_TITLES: frozenset[str] = word_set("""
Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Sir Dame Lord Lady President Vice Prime Minister Secretary
Ambassador Envoy Special General Gen Gen. Lt Lt. Lieutenant Col Col. Colonel Maj Maj. Major
Capt Capt. Captain Sgt Sgt. Sergeant Adm Adm. Admiral Cmdr Cmdr. Commander Brig Brig. Brigadier
Gov Gov. Governor Sen Sen. Senator Rep Rep. Representative King Queen Prince Princess Sheikh
Shaikh Emir Imam Ayatollah Pope Bishop Patriarch Father Rev Rev. Chancellor Spokesman
Spokeswoman Spokesperson Deputy Chief Director Chairman Chair Mayor Judge Justice Marshal
Pvt Pvt. Cpl Cpl. Spc Spc. Staff Airman Seaman Petty Officer Chaplain Caliph Mullah Hajji
Sultan Crown Foreign Defence Defense Home Interior Commander-in-Chief Abu Umm
""")

FIRST_NAMES: frozenset[str] = _data_list("first_names.txt") | word_set("""
Abdul Abdullah Abdel Abd Abu Ahmed Ahmad Ahmet Ali Amir Ammar Anas Ayman Bashar Hamid Hassan
Hasan Hussein Hussain Haider Ibrahim Ismail Jamal Jalal Karim Khaled Khalid Mahmoud Mahmud
Mehmet Mohammed Mohammad Mohamed Muhammad Mustafa Nasser Omar Ömer Osama Qasem Rashid Saad
Said Salman Sami Samir Tariq Walid Yousef Yusuf Youssef Ziad Fuad Fatima Aisha Layla Leila
Vladimir Sergei Sergey Igor Dmitry Dmitri Alexei Aleksei Aleksandr Andrei Andriy Mikhail
Nikolai Valery Valeriy Yuri Viktor Oleg Olga Natalia Natalya Svetlana Irina Tatiana Ivan Pavel
Anatoly Volodymyr Petro Oleksandr Oleksiy Yulia Yevgeny Evgeny Gennady Vitaly Vitali Kirill
Jean Pierre Jacques François Emmanuel Laurent Philippe Nicolas Olivier Thierry Sébastien
Ségolène Wolfgang Jürgen Klaus Helmut Gerhard Matthias Mathias Stefan Horst Ursula Giuseppe
Giovanni Matteo Luca Marco Francesco Sergio Silvio Enrico Mario Javier Pedro Carlos Luis
Miguel Jorge Pablo Alejandro Felipe Mariano Lula Dilma Jair Andrés Nicolás Hugo Evo João
Mehmet Kemal Recep Binali Ekrem Nuri Narendra Rahul Amit Sanjay Imran Nawaz Benazir Shinzo
Fumio Yoshihide Junichiro Hiroshi Takeshi Moon Kim Xi Hu Wen Jiang Deng Mao Kofi Nelson
Jacob Cyril Thabo Uhuru Paul Ellen Goodluck Muhammadu Bola Yoweri Abiy Isaias Lech Donald
Jarosław Andrzej Mateusz Viktor Aleksandar Recep Petr Václav Miloš Andrej Robert Jens
Noam Benjamin Yitzhak Ehud Ariel Naftali Yair Shimon Golda Mahmoud
""")
"""First names: every name of the US Census 1990 frequency lists (public domain; see
`annotations/data/README.md`), and common first names of other languages the census misses."""

KNOWN_PEOPLE: frozenset[str] = word_set("""
Assad Asad Al-Assad al-Assad Putin Obama Trump Biden Erdogan Erdoğan Abadi al-Abadi Maliki
al-Maliki Baghdadi al-Baghdadi Zarqawi al-Zarqawi Kerry Lavrov Shoigu Hollande Macron Merkel
Cameron Johnson Hammond Rouhani Khamenei Netanyahu Sisi el-Sisi Mattis Carter Hagel
Tillerson Pompeo Blinken Mogherini Juncker Guterres Mistura Nasrallah Barzani
Talabani Masum Sadr al-Sadr Sistani al-Sistani Jaafari al-Jaafari Hariri Aoun Abdullah Salman
Zawahiri al-Zawahiri Golani al-Golani Jolani al-Jolani Ocalan Stoltenberg
""")
"""Surnames of people the conflict news names on their own ("Assad", "Lavrov")."""

PREFIX_PARTICLES: frozenset[str] = word_set("al el ad as ash an ar at az bin ibn abu de del da")

TIME_WORDS: frozenset[str] = word_set("""
January February March April May June July August September October November December Jan Feb
Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday
Sunday Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun Christmas Easter Ramadan Eid
""")

COMMON_CAPITALISED: frozenset[str] = word_set("""
a an the this that these those there their they them then than thus this it its it's i we our
us you your he his him she her hers who whom whose which what when where why how while whilst
if in on at of for from to into onto by with without within within about above across after
against along amid amidst among amongst around as before behind below beneath beside besides
between beyond but despite down during except following given inside like near nearly next
off out outside over past per since through throughout till toward towards under underneath
unlike until up upon via and or nor so yet not no yes all any both each either every few many
more most much neither none one other others some such several also again already although
always because however instead meanwhile moreover nevertheless nonetheless otherwise still
therefore though today tomorrow yesterday tonight now later earlier recently currently finally
firstly secondly thirdly lastly overall furthermore additionally separately similarly likewise
indeed rather perhaps here only even just well according backed based including regarding
speaking asked told said says added noting describing calling urging warning welcoming
acknowledging recognizing recognising reaffirming stressing underlining condemning commending
expressing further together be being been is are was were will would shall should can could
may might must do does did done have has had having get got make made take taken see seen use
used new old first second third last latest final total other another same different local
national international global key main major minor senior junior early late full partial
please note read more click see subscribe share print email contact home about latest news
related top strikes strike airstrikes airstrike statement press release update updates
background summary overview note notes editor editors photo video image images source sources
spokesman spokeswoman officials official military forces today's this week month year years
days day time times question questions answer answers attribution reports report thank
thanks whether photographs photograph commenting elsewhere part parts despite welcome welcomes
we've we're we'll i'm i've it's that's there's let let's yes no ok okay good great sadly
unfortunately fortunately clearly importantly notably specifically particularly especially
accordingly consequently hence subsequently previously initially ultimately eventually
""")

COMMON_ACRONYMS: frozenset[str] = word_set("""
TV DVD DVDs CD CDs PC PCs GPS SMS PDF URL URLs HTML USB LED LCD CPU GPU RAM API FAQ ID IDs
IQ PhD PhDs MBA GDP GNP VIP VIPs UFO UFOs ATM ATMs DNA RNA HIV AIDS MRI ICU POV BDSM S&M
""")
"""Acronyms of things, measures and degrees, written in capitals but naming no person, body,
place or group ("a PhD", "old CD covers", "the GNP of Israel")."""
