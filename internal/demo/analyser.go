package demo

import (
	"context"
	"database/sql"
	"time"

	"github.com/luva-fi/luva/internal/analyser"
)

// loadQuestionnaires writes the demo permit-need questionnaires, published and
// owned by the City of Helsinki, whose content editors may change them.
func loadQuestionnaires(ctx context.Context, tx *sql.Tx, now time.Time, authorities map[string]string) error {
	for _, q := range Questionnaires(authorities["helsinki"]) {
		if err := analyser.InsertQuestionnaire(ctx, tx, now, q, "", "luva demo"); err != nil {
			return err
		}
	}
	return nil
}

// Questionnaires are the demo questionnaires, owned by the organisation.
func Questionnaires(owner string) []analyser.Questionnaire {
	return []analyser.Questionnaire{eventQuestionnaire(owner), secondQuestionnaire(owner)}
}

// tx3 is a text in Finnish, Swedish and English.
func tx3(fi, sv, en string) analyser.Texts { return analyser.Texts{"fi": fi, "sv": sv, "en": en} }

func option(value, fi, sv, en string) analyser.Option {
	return analyser.Option{Value: value, Labels: tx3(fi, sv, en)}
}

// EventQuestionnaireID is the id of the demo event questionnaire.
const EventQuestionnaireID = "01960000-0000-7000-8000-00000000a7a1"

// eventQuestionnaire asks what a Finnish event official asks of an organiser
// and maps the answers to the permits and notifications of the Ta bundle:
// the Assembly Act (530/1999), the Rescue Act (379/2011) and the Government
// Decree on Rescue Services (407/2011), the Environmental Protection Act
// (527/2014), the Food Act (297/2021), the Health Protection Act (763/1994),
// the Alcohol Act (1102/2017), the Lotteries Act (1047/2001), the Radiation Act
// (859/2018), the Waste Act (646/2011) and the municipality's own regulations.
func eventQuestionnaire(owner string) analyser.Questionnaire {
	return analyser.Questionnaire{
		ID: EventQuestionnaireID, Bundle: "Ta", OwnerOrg: owner, State: analyser.StatePublished, Version: 1,
		Titles: tx3("Mitä lupia tapahtumasi tarvitsee?", "Vilka tillstånd behöver ditt evenemang?", "What permits does your event need?"),
		Intros: tx3(
			"Vastaa kysymyksiin tapahtumastasi, niin kerromme, mitkä luvat ja ilmoitukset se varmasti tai mahdollisesti tarvitsee, kuka ne käsittelee ja mihin mennessä ne on tehtävä. Voit lopettaa milloin tahansa ja valita palvelut itse.",
			"Svara på frågorna om ditt evenemang, så berättar vi vilka tillstånd och anmälningar det säkert eller möjligen behöver, vem som handlägger dem och när de senast ska göras. Du kan sluta när som helst och välja tjänsterna själv.",
			"Answer the questions about your event and we tell you which permits and notifications it certainly or possibly needs, who handles them and by when to send them. You can stop at any point and pick the services yourself."),
		Areas: []analyser.Area{
			{ID: "event", Titles: tx3("Tapahtuma", "Evenemanget", "The event")},
			{ID: "time_place", Titles: tx3("Aika ja paikka", "Tid och plats", "Time and place")},
			{ID: "programme", Titles: tx3("Ohjelma ja palvelut", "Program och tjänster", "Programme and services")},
		},
		Questions: eventQuestions(),
		Rules:     eventRules(),
	}
}

func eventQuestions() []analyser.Question {
	return []analyser.Question{
		{ID: "kind", Area: "event", Type: analyser.Single, Required: true,
			Labels: tx3("Millainen tapahtuma on?", "Vilket slags evenemang är det?", "What kind of event is it?"),
			Options: []analyser.Option{
				option("festival", "Festivaali tai konsertti", "Festival eller konsert", "Festival or concert"),
				option("market", "Markkinat, messut tai tori", "Marknad, mässa eller torg", "Market or fair"),
				option("sports", "Urheilu- tai liikuntatapahtuma", "Idrotts- eller motionsevenemang", "Sports event"),
				option("other", "Muu tapahtuma", "Annat evenemang", "Other event"),
			}},
		{ID: "public", Area: "event", Type: analyser.YesNo, Required: true,
			Labels: tx3("Onko tapahtuma avoin yleisölle?", "Är evenemanget öppet för allmänheten?", "Is the event open to the public?"),
			Helps: tx3("Yleisötilaisuus on avoin kaikille, vaikka sisään pääsisi vain lipulla. Yksityistilaisuus on vain kutsutuille.",
				"En offentlig tillställning är öppen för alla, även om man kommer in bara med biljett. En privat tillställning är bara för inbjudna.",
				"A public event is open to anyone, even if entry needs a ticket. A private event is for invited guests only.")},
		{ID: "setting", Area: "event", Type: analyser.Single, Required: true,
			Labels: tx3("Onko tapahtuma ulkona vai sisällä?", "Ordnas evenemanget utomhus eller inomhus?", "Is the event outdoors or indoors?"),
			Options: []analyser.Option{
				option("outdoors", "Ulkona", "Utomhus", "Outdoors"),
				option("indoors", "Sisällä", "Inomhus", "Indoors"),
				option("both", "Sekä ulkona että sisällä", "Både utomhus och inomhus", "Both"),
			}},
		{ID: "attendance", Area: "event", Type: analyser.Number,
			Labels: tx3("Kuinka monta ihmistä on paikalla yhtä aikaa enimmillään?", "Hur många personer är som mest på plats samtidigt?", "How many people are there at the same time at most?"),
			Helps: tx3("Laske mukaan yleisö, esiintyjät ja henkilökunta. Arvio riittää.", "Räkna med publik, uppträdande och personal. En uppskattning räcker.",
				"Count the audience, performers and staff. An estimate is enough.")},
		{ID: "municipality", Area: "time_place", Type: analyser.Municipality, Required: true,
			Labels: tx3("Missä kunnassa tapahtuma järjestetään?", "I vilken kommun ordnas evenemanget?", "In which municipality is the event held?"),
			Helps: tx3("Kunta ratkaisee, mitkä paikalliset viranomaiset käsittelevät luvat.", "Kommunen avgör vilka lokala myndigheter som handlägger tillstånden.",
				"The municipality decides which local authorities handle the permits.")},
		{ID: "start", Area: "time_place", Type: analyser.Date, Required: true,
			Labels: tx3("Minä päivänä tapahtuma alkaa?", "Vilken dag börjar evenemanget?", "On what day does the event start?"),
			Helps:  tx3("Määräajat lasketaan taaksepäin tästä päivästä.", "Tidsfristerna räknas bakåt från denna dag.", "Deadlines are counted back from this day.")},
		{ID: "days", Area: "time_place", Type: analyser.Number,
			Labels: tx3("Montako päivää tapahtuma kestää?", "Hur många dagar pågår evenemanget?", "How many days does the event last?")},
		{ID: "activities", Area: "programme", Type: analyser.Multi,
			Labels: tx3("Mitä tapahtumassa on?", "Vad ingår i evenemanget?", "What does the event include?"),
			Helps:  tx3("Valitse kaikki, jotka pitävät paikkansa.", "Välj alla som stämmer.", "Choose all that apply."),
			Options: []analyser.Option{
				option("food", "Ruoan tai juoman myyntiä tai tarjoilua", "Försäljning eller servering av mat eller dryck", "Food or drink sold or served"),
				option("alcohol", "Alkoholijuomien anniskelua", "Servering av alkoholdrycker", "Alcohol served"),
				option("fireworks", "Ilotulitus", "Fyrverkeri", "Fireworks"),
				option("special_effects", "Erikoistehosteita: tulta, savua tai pyrotekniikkaa esityksissä", "Specialeffekter: eld, rök eller pyroteknik i föreställningar", "Special effects: fire, smoke or pyrotechnics in shows"),
				option("amplified_music", "Vahvistettua musiikkia tai äänentoistoa", "Förstärkt musik eller ljudåtergivning", "Amplified music or sound"),
				option("laser", "Laseresitys", "Laserföreställning", "Laser show"),
				option("lottery", "Arpajaiset", "Lotteri", "Lottery"),
				option("structures", "Tilapäisiä rakennelmia: telttoja, lavoja, katsomoita", "Tillfälliga konstruktioner: tält, scener, läktare", "Temporary structures: tents, stages, stands"),
				option("overnight", "Majoitusta kouluun, halliin tai muuhun tilaan, jota ei ole tarkoitettu majoitukseen", "Inkvartering i skola, hall eller annan lokal som inte är avsedd för det", "Lodging in a school, hall or other premises not meant for it"),
				option("public_area", "Tapahtuma on kadulla, torilla, puistossa tai muulla yleisellä alueella", "Evenemanget är på gata, torg, park eller annat allmänt område", "The event uses a street, square, park or other public area"),
			}},
		{ID: "fireworks_kind", Area: "programme", Type: analyser.Single,
			Labels: tx3("Kuka ampuu ilotulitteet?", "Vem skjuter fyrverkerierna?", "Who fires the fireworks?"),
			Helps:  tx3("Vastaa, jos tapahtumassa on ilotulitus.", "Svara om evenemanget har fyrverkeri.", "Answer if the event has fireworks."),
			Options: []analyser.Option{
				option("display", "Ilotulitusnäytös: Tukesin luvan saanut yritys", "Fyrverkeriuppvisning: ett företag med Tukes tillstånd", "A fireworks display by a company licensed by Tukes"),
				option("consumer", "Järjestäjä itse kuluttajailotulittein", "Arrangören själv med konsumentfyrverkerier", "The organiser, with consumer fireworks"),
			}},
		{ID: "structure_users", Area: "programme", Type: analyser.Number,
			Labels: tx3("Kuinka moni voi käyttää suurinta lavaa, katsomoa tai telttaa yhtä aikaa?", "Hur många kan samtidigt använda den största scenen, läktaren eller tältet?",
				"How many people can use the largest stage, stand or tent at the same time?"),
			Helps: tx3("Vastaa, jos tapahtumassa on tilapäisiä rakennelmia.", "Svara om evenemanget har tillfälliga konstruktioner.", "Answer if the event has temporary structures.")},
	}
}

func rule(id, expr, service, certainty string, reasons analyser.Texts) analyser.Rule {
	return analyser.Rule{ID: id, Expr: expr, Service: service, Certainty: certainty, Reasons: reasons}
}

func eventRules() []analyser.Rule {
	const certain, possible = analyser.Certain, analyser.Possible
	return []analyser.Rule{
		rule("police_notice", "public && (attendance >= 50 || !answered('attendance') || size(activities) > 0)", "ta-public-event-notice", certain, tx3(
			"Yleisötilaisuudesta on ilmoitettava kirjallisesti poliisille viimeistään viisi vuorokautta ennen sen alkua (kokoontumislaki 14 §).",
			"En allmän sammankomst ska anmälas skriftligen till polisen senast fem dygn innan den börjar (lagen om sammankomster 14 §).",
			"A public event must be notified to the police in writing at least five days before it starts (Assembly Act, section 14).")),
		rule("police_notice_small", "public && answered('attendance') && attendance < 50 && size(activities) == 0", "ta-public-event-notice", possible, tx3(
			"Pienestä yleisötilaisuudesta ei tarvitse ilmoittaa, jos se ei osallistujamäärän, luonteen ja paikan vuoksi vaadi järjestyksen, turvallisuuden tai liikenteen järjestelyjä. Varmista tarvittaessa poliisilta.",
			"En liten allmän sammankomst behöver inte anmälas om den med hänsyn till deltagarantal, karaktär och plats inte kräver åtgärder för ordning, säkerhet eller trafik. Fråga polisen vid behov.",
			"A small public event needs no notice if its size, nature and place call for no measures for order, safety or traffic. Ask the police if unsure.")),
		rule("noise_outdoors", "'amplified_music' in activities && setting in ['outdoors', 'both']", "ta-noise-notification", certain, tx3(
			"Vahvistettu musiikki ulkona on tilapäistä erityisen häiritsevää melua, josta on ilmoitettava kunnan ympäristönsuojeluviranomaiselle viimeistään 30 vuorokautta ennen (ympäristönsuojelulaki 118 §).",
			"Förstärkt musik utomhus är tillfälligt särskilt störande buller som ska anmälas till kommunens miljöskyddsmyndighet senast 30 dygn i förväg (miljöskyddslagen 118 §).",
			"Amplified music outdoors is temporary, particularly disturbing noise that must be notified to the municipal environmental protection authority at least 30 days before (Environmental Protection Act, section 118).")),
		rule("noise_other", "'amplified_music' in activities && !(setting in ['outdoors', 'both'])", "ta-noise-notification", possible, tx3(
			"Sisälläkin vahvistettu ääni voi kuulua ympäristöön. Meluilmoitus tarvitaan, jos melu on erityisen häiritsevää; kunnan ympäristönsuojelumääräykset kertovat rajat.",
			"Även inomhus kan förstärkt ljud höras ute. En bullerdeklaration behövs om bullret är särskilt störande; kommunens miljöskyddsföreskrifter anger gränserna.",
			"Even indoors, amplified sound may carry outside. A noise notification is needed if the noise is particularly disturbing; the municipality's environmental protection regulations set the limits.")),
		rule("rescue_attendance", "attendance >= 200", "ta-rescue-plan", certain, tx3(
			"Paikalla on yhtä aikaa vähintään 200 ihmistä, joten tapahtumalle on laadittava pelastussuunnitelma (pelastuslaki 16 § ja valtioneuvoston asetus pelastustoimesta 407/2011).",
			"Minst 200 personer är på plats samtidigt, så evenemanget ska ha en räddningsplan (räddningslagen 16 § och statsrådets förordning om räddningsväsendet 407/2011).",
			"At least 200 people are present at the same time, so the event needs a rescue plan (Rescue Act, section 16, and Government Decree on Rescue Services 407/2011).")),
		rule("rescue_fire", "'fireworks' in activities || 'special_effects' in activities", "ta-rescue-plan", certain, tx3(
			"Tapahtumassa käytetään ilotulitteita, avotulta tai muita pyroteknisiä tuotteita, joten sille on laadittava pelastussuunnitelma koosta riippumatta (asetus 407/2011).",
			"Evenemanget använder fyrverkerier, öppen eld eller andra pyrotekniska produkter, så det ska ha en räddningsplan oberoende av storlek (förordning 407/2011).",
			"The event uses fireworks, open fire or other pyrotechnics, so it needs a rescue plan whatever its size (Decree 407/2011).")),
		rule("rescue_structures", "'structures' in activities", "ta-rescue-plan", certain, tx3(
			"Tilapäiset lavat, katsomot ja teltat tekevät poistumisjärjestelyistä tavanomaisesta poikkeavat, joten pelastussuunnitelma tarvitaan (asetus 407/2011).",
			"Tillfälliga scener, läktare och tält gör utrymningsarrangemangen annorlunda än vanligt, så en räddningsplan behövs (förordning 407/2011).",
			"Temporary stages, stands and tents make the exit arrangements out of the ordinary, so a rescue plan is needed (Decree 407/2011).")),
		rule("fireworks_display", "'fireworks' in activities && fireworks_kind == 'display'", "ta-fireworks-display", certain, tx3(
			"Ammattimaisesta ilotulitusnäytöksestä on ilmoitettava poliisille viimeistään 14 vuorokautta ennen, myös kun näytös on osa muuta tapahtumaa.",
			"En yrkesmässig fyrverkeriuppvisning ska anmälas till polisen senast 14 dygn i förväg, även när den ingår i ett annat evenemang.",
			"A professional fireworks display must be notified to the police at least 14 days before, even as part of another event.")),
		rule("fireworks_consumer", "'fireworks' in activities && fireworks_kind == 'consumer'", "ta-fireworks-use", certain, tx3(
			"Kuluttajailotulitteiden käytöstä muulloin kuin uudenvuodenyönä on ilmoitettava pelastusviranomaiselle vähintään viisi vuorokautta ennen.",
			"Användning av konsumentfyrverkerier vid andra tider än nyårsnatten ska anmälas till räddningsmyndigheten minst fem dygn i förväg.",
			"Using consumer fireworks at any time other than New Year's night must be notified to the rescue authority at least five days before.")),
		rule("fireworks_unknown_display", "'fireworks' in activities && !answered('fireworks_kind')", "ta-fireworks-display", possible, tx3(
			"Jos ilotulitteet ampuu Tukesin luvan saanut yritys, näytöksestä ilmoitetaan poliisille.",
			"Om ett företag med Tukes tillstånd skjuter fyrverkerierna anmäls uppvisningen till polisen.",
			"If a company licensed by Tukes fires the fireworks, the display is notified to the police.")),
		rule("fireworks_unknown_consumer", "'fireworks' in activities && !answered('fireworks_kind')", "ta-fireworks-use", possible, tx3(
			"Jos järjestäjä ampuu kuluttajailotulitteita itse, niiden käytöstä ilmoitetaan pelastusviranomaiselle.",
			"Om arrangören själv skjuter konsumentfyrverkerier anmäls användningen till räddningsmyndigheten.",
			"If the organiser fires consumer fireworks, their use is notified to the rescue authority.")),
		rule("special_effects", "'special_effects' in activities", "ta-special-effects", certain, tx3(
			"Pyroteknisten erikoistehosteiden ja tuliesitysten käytöstä yleisötilaisuudessa on ilmoitettava pelastusviranomaiselle hyvissä ajoin ennen tapahtumaa.",
			"Användning av pyrotekniska specialeffekter och eldshower vid en allmän tillställning ska anmälas till räddningsmyndigheten i god tid.",
			"Using pyrotechnic special effects and fire shows at a public event must be notified to the rescue authority well before the event.")),
		rule("food", "'food' in activities", "ta-food-sales-notice", certain, tx3(
			"Ruokakojuista ja muusta elintarvikkeiden myynnistä tai tarjoilusta tapahtumassa on tiedotettava tapahtumakunnan elintarvikevalvontaan viimeistään neljä arkipäivää ennen (elintarvikelaki 297/2021).",
			"Matstånd och annan försäljning eller servering av livsmedel vid evenemanget ska meddelas livsmedelstillsynen i kommunen senast fyra vardagar i förväg (livsmedelslagen 297/2021).",
			"Food stalls and other food sold or served at the event must be notified to the food control of the municipality at least four working days before (Food Act 297/2021).")),
		rule("health_large", "attendance >= 500", "ta-large-event-health", certain, tx3(
			"Tapahtumasta, jossa on yhtä aikaa noin 500 ihmistä tai enemmän, on ilmoitettava kunnan terveydensuojeluviranomaiselle: talousvesi, käymälät ja jätehuolto on mitoitettava yleisön mukaan (terveydensuojelulaki 763/1994).",
			"Ett evenemang med omkring 500 personer eller fler samtidigt ska anmälas till kommunens hälsoskyddsmyndighet: hushållsvatten, toaletter och avfallshantering ska dimensioneras efter publiken (hälsoskyddslagen 763/1994).",
			"An event with about 500 people or more at the same time must be notified to the municipal health protection authority: drinking water, toilets and waste must be sized for the crowd (Health Protection Act 763/1994).")),
		rule("health_multiday", "attendance >= 200 && attendance < 500 && (days >= 2 || 'overnight' in activities)", "ta-large-event-health", possible, tx3(
			"Monipäiväisestä tai majoituksen sisältävästä tapahtumasta terveydensuojeluviranomainen voi edellyttää ilmoitusta pienemmälläkin yleisömäärällä.",
			"Vid evenemang som pågår flera dagar eller med inkvartering kan hälsoskyddsmyndigheten kräva en anmälan även vid mindre publik.",
			"For an event of several days or with lodging, the health protection authority may require a notification even for a smaller crowd.")),
		rule("alcohol", "'alcohol' in activities", "ta-alcohol-serving", certain, tx3(
			"Alkoholijuomien anniskeluun tapahtumassa tarvitaan aluehallintoviraston määräaikainen anniskelulupa, ellei alue ole jo hyväksytty anniskelualue (alkoholilaki 1102/2017).",
			"Servering av alkoholdrycker vid evenemanget kräver regionförvaltningsverkets tidsbegränsade serveringstillstånd, om inte området redan är godkänt serveringsområde (alkohollagen 1102/2017).",
			"Serving alcohol at the event needs a temporary serving licence from the Regional State Administrative Agency, unless the area is already an approved serving area (Alcohol Act 1102/2017).")),
		rule("traffic_area", "'public_area' in activities", "ta-traffic-arrangements", possible, tx3(
			"Jos tapahtuma sulkee tai kaventaa katua tai vaatii tilapäisiä liikennemerkkejä, tarvitaan kadunpitäjän eli kunnan lupa liikennejärjestelyihin.",
			"Om evenemanget stänger eller smalnar av en gata eller kräver tillfälliga trafikmärken behövs gatuhållarens, dvs. kommunens, tillstånd för trafikarrangemangen.",
			"If the event closes or narrows a street or needs temporary traffic signs, the street authority, the municipality, must permit the traffic arrangements.")),
		rule("traffic_crowd", "attendance >= 5000", "ta-traffic-arrangements", possible, tx3(
			"Tuhansien ihmisten saapuminen ja poistuminen voi vaatia liikenteenohjausta ja tilapäisiä liikennejärjestelyjä.",
			"När tusentals personer kommer och går kan trafikdirigering och tillfälliga trafikarrangemang behövas.",
			"Thousands of people arriving and leaving may call for traffic control and temporary traffic arrangements.")),
		rule("state_road", "'public_area' in activities && kind == 'sports'", "ta-road-closure-state-road", possible, tx3(
			"Jos juoksu, pyöräily tai kulkue käyttää maantietä tai sulkee sen, lupa haetaan ELY-keskukselta.",
			"Om ett lopp, en cykeltävling eller ett tåg använder eller stänger en landsväg söks tillståndet hos NTM-centralen.",
			"If a run, ride or procession uses or closes a state road, the permit comes from the ELY Centre.")),
		rule("public_area", "'public_area' in activities", "ta-public-area-use", certain, tx3(
			"Kunnan kadun, torin tai puiston käyttö tapahtumaan vaatii kunnan luvan tai vuokrasopimuksen.",
			"Användning av kommunens gata, torg eller park för ett evenemang kräver kommunens tillstånd eller ett hyresavtal.",
			"Using a municipal street, square or park for an event needs the municipality's permission or a lease.")),
		rule("structures_public", "'structures' in activities && structure_users >= 5", "ta-temporary-structures", certain, tx3(
			"Rakentamislain mukaan yleisörakennelma, jota voi käyttää yhtä aikaa vähintään viisi ihmistä (esimerkiksi lava, katsomo tai yleisöteltta), on luvanvarainen. Sovi menettelystä rakennusvalvonnan kanssa.",
			"Enligt bygglagen kräver en publikkonstruktion som minst fem personer kan använda samtidigt (till exempel scen, läktare eller publiktält) tillstånd. Kom överens om förfarandet med byggnadstillsynen.",
			"Under the Building Act, a structure for the public that at least five people can use at once (a stage, stand or audience tent) needs a permit. Agree the procedure with building control.")),
		rule("structures_other", "'structures' in activities && !(structure_users >= 5)", "ta-temporary-structures", possible, tx3(
			"Pienet rakennelmat voivat olla luvasta vapaita, mutta kunnat soveltavat tapahtumarakenteisiin eri käytäntöjä. Tarkista rakennusvalvonnasta.",
			"Små konstruktioner kan vara tillståndsfria, men kommunerna har olika praxis för evenemangskonstruktioner. Kontrollera med byggnadstillsynen.",
			"Small structures may need no permit, but municipalities treat event structures differently. Check with building control.")),
		rule("accommodation", "'overnight' in activities", "ta-temporary-accommodation", certain, tx3(
			"Majoittamisesta tiloissa, joita ei ole hyväksytty majoituskäyttöön, kuten kouluissa ja halleissa, on ilmoitettava pelastusviranomaiselle etukäteen.",
			"Inkvartering i lokaler som inte är godkända för det, såsom skolor och hallar, ska anmälas till räddningsmyndigheten i förväg.",
			"Lodging people in premises not approved for it, such as schools and halls, must be notified to the rescue authority beforehand.")),
		rule("lottery", "'lottery' in activities", "ta-lottery", possible, tx3(
			"Tavara-arpajaisiin tarvitaan poliisin lupa (arpajaislaki 1047/2001). Lupaa ei tarvita pienarpajaisiin, joissa arvat maksavat yhteensä enintään 3 000 euroa ja voitot jaetaan samassa tilaisuudessa.",
			"Varulotterier kräver polisens tillstånd (lotterilagen 1047/2001). Tillstånd behövs inte för små lotterier där lotterna sammanlagt kostar högst 3 000 euro och vinsterna delas ut vid samma tillfälle.",
			"A prize lottery needs a permit from the police (Lotteries Act 1047/2001), except a small lottery whose tickets total at most 3,000 euros with the prizes drawn at the same event.")),
		rule("laser", "'laser' in activities", "ta-laser-show", certain, tx3(
			"Suuritehoisten laserlaitteiden käyttöön yleisötilaisuudessa tarvitaan Säteilyturvakeskuksen lupa, ja jokaisesta käytöstä ilmoitetaan etukäteen (säteilylaki 859/2018).",
			"Användning av kraftiga laseranordningar vid en allmän tillställning kräver Strålsäkerhetscentralens tillstånd, och varje användning anmäls i förväg (strålsäkerhetslagen 859/2018).",
			"Using high-power lasers at a public event needs a permit from the Radiation and Nuclear Safety Authority, and each use is notified in advance (Radiation Act 859/2018).")),
		rule("waste_large", "attendance >= 5000", "ta-waste-plan", certain, tx3(
			"Kuntien jätehuoltomääräykset edellyttävät näin suurelta yleisötilaisuudelta kirjallista jätehuoltosuunnitelmaa (jätelaki 646/2011).",
			"Kommunernas avfallsföreskrifter kräver en skriftlig avfallshanteringsplan av ett så stort evenemang (avfallslagen 646/2011).",
			"Municipal waste regulations require a written waste management plan from a public event this large (Waste Act 646/2011).")),
		rule("waste_check", "attendance < 5000 && (attendance >= 1000 || ('food' in activities && attendance >= 200))", "ta-waste-plan", possible, tx3(
			"Jätehuoltosuunnitelman kokoraja vaihtelee kunnittain, esimerkiksi yli 1 000 tai yli 5 000 ihmistä. Tarkista kunnan jätehuoltomääräykset.",
			"Storleksgränsen för en avfallshanteringsplan varierar mellan kommuner, till exempel över 1 000 eller över 5 000 personer. Kontrollera kommunens avfallsföreskrifter.",
			"The size at which a waste management plan is required varies by municipality, for example over 1,000 or over 5,000 people. Check the municipality's waste regulations.")),
	}
}

// SecondQuestionnaireID is the id of the demo industrial plant questionnaire.
const SecondQuestionnaireID = "01960000-0000-7000-8000-00000000a7a2"

// secondQuestionnaire is a brief questionnaire for an industrial plant (Te):
// the Environmental Protection Act (527/2014), the Chemicals Safety Act
// (390/2005), the Building Act (751/2023), the Waste Act (646/2011) and the
// Pressure Equipment Act (1144/2016).
func secondQuestionnaire(owner string) analyser.Questionnaire {
	const certain, possible = analyser.Certain, analyser.Possible
	return analyser.Questionnaire{
		ID: SecondQuestionnaireID, Bundle: "Te", OwnerOrg: owner, State: analyser.StatePublished, Version: 1,
		Titles: tx3("Mitä lupia teollisuuslaitos tarvitsee?", "Vilka tillstånd behöver en industrianläggning?", "What permits does an industrial plant need?"),
		Intros: tx3("Kerro laitoksesta, niin kerromme, mitä lupia ja ilmoituksia se tarvitsee.", "Berätta om anläggningen, så berättar vi vilka tillstånd och anmälningar den behöver.",
			"Tell us about the plant and we tell you which permits and notifications it needs."),
		Areas: []analyser.Area{
			{ID: "plant", Titles: tx3("Laitos", "Anläggningen", "The plant")},
			{ID: "operations", Titles: tx3("Toiminta", "Verksamheten", "Operations")},
		},
		Questions: []analyser.Question{
			{ID: "municipality", Area: "plant", Type: analyser.Municipality, Required: true,
				Labels: tx3("Missä kunnassa laitos on?", "I vilken kommun ligger anläggningen?", "In which municipality is the plant?")},
			{ID: "start", Area: "plant", Type: analyser.Date,
				Labels: tx3("Milloin toiminta alkaa?", "När börjar verksamheten?", "When does the operation start?")},
			{ID: "new_building", Area: "plant", Type: analyser.YesNo,
				Labels: tx3("Rakennetaanko tai laajennetaanko rakennuksia?", "Uppförs eller byggs byggnader ut?", "Are buildings built or extended?")},
			{ID: "scale", Area: "operations", Type: analyser.Single, Required: true,
				Labels: tx3("Mihin ympäristönsuojelulain luokkaan toiminta kuuluu?", "Vilken klass i miljöskyddslagen hör verksamheten till?", "Which class of the Environmental Protection Act does the operation fall in?"),
				Helps:  tx3("Katso ympäristönsuojelulain liitteet 1 ja 2.", "Se bilagorna 1 och 2 till miljöskyddslagen.", "See annexes 1 and 2 of the Environmental Protection Act."),
				Options: []analyser.Option{
					option("large", "Suuri laitos (aluehallintoviraston lupa)", "Stor anläggning (regionförvaltningsverkets tillstånd)", "Large plant (permit from the Regional State Administrative Agency)"),
					option("smaller", "Pienempi luvanvarainen laitos (kunnan lupa)", "Mindre tillståndspliktig anläggning (kommunens tillstånd)", "Smaller plant needing a permit (from the municipality)"),
					option("registered", "Rekisteröitävä toiminta, esim. jakeluasema tai 1–50 MW:n energialaitos", "Registreringspliktig verksamhet, t.ex. distributionsstation eller energianläggning på 1–50 MW", "Registered activity, such as a fuel station or a 1–50 MW energy plant"),
					option("unknown", "En tiedä", "Jag vet inte", "I do not know"),
				}},
			{ID: "chemicals", Area: "operations", Type: analyser.Single,
				Labels: tx3("Käsitelläänkö tai varastoidaanko vaarallisia kemikaaleja?", "Hanteras eller lagras farliga kemikalier?", "Are hazardous chemicals handled or stored?"),
				Options: []analyser.Option{
					option("none", "Ei", "Nej", "No"),
					option("small", "Kyllä, vähäisessä määrin (ilmoitusrajan ylittyessä)", "Ja, i liten skala (över anmälningsgränsen)", "Yes, on a small scale (above the notification limit)"),
					option("large", "Kyllä, laajamittaisesti (lupakynnyksen ylittyessä)", "Ja, i stor skala (över tillståndsgränsen)", "Yes, on a large scale (above the permit limit)"),
				}},
			{ID: "treats_waste", Area: "operations", Type: analyser.YesNo,
				Labels: tx3("Käsitelläänkö jätettä ammattimaisesti?", "Behandlas avfall yrkesmässigt?", "Is waste treated professionally?")},
			{ID: "pressure_equipment", Area: "operations", Type: analyser.YesNo,
				Labels: tx3("Onko laitoksessa höyrykattiloita tai suuria paineastioita?", "Finns det ångpannor eller stora tryckkärl?", "Are there steam boilers or large pressure vessels?")},
			{ID: "noisy_works", Area: "operations", Type: analyser.YesNo,
				Labels: tx3("Aiheuttaako rakentaminen tai toiminta tilapäistä melua tai tärinää?", "Orsakar byggandet eller verksamheten tillfälligt buller eller vibrationer?",
					"Does building or operating the plant cause temporary noise or vibration?")},
		},
		Rules: []analyser.Rule{
			rule("env_avi", "scale == 'large'", "te-environmental-permit-avi", certain, tx3(
				"Suuri laitos tarvitsee aluehallintoviraston ympäristöluvan (ympäristönsuojelulaki 27 §, liite 1).",
				"En stor anläggning behöver regionförvaltningsverkets miljötillstånd (miljöskyddslagen 27 §, bilaga 1).",
				"A large plant needs an environmental permit from the Regional State Administrative Agency (Environmental Protection Act, section 27, annex 1).")),
			rule("eia", "scale == 'large'", "k-eia-procedure", possible, tx3(
				"Suurimmat hankkeet vaativat ympäristövaikutusten arvioinnin ennen lupaa (YVA-laki 252/2017).",
				"De största projekten kräver miljökonsekvensbedömning före tillståndet (MKB-lagen 252/2017).",
				"The largest projects need an environmental impact assessment before the permit (EIA Act 252/2017).")),
			rule("env_municipal", "scale == 'smaller'", "te-environmental-permit-municipal", certain, tx3(
				"Pienempi luvanvarainen laitos tarvitsee kunnan ympäristöluvan (ympäristönsuojelulaki 27 §, liite 1).",
				"En mindre tillståndspliktig anläggning behöver kommunens miljötillstånd (miljöskyddslagen 27 §, bilaga 1).",
				"A smaller plant needing a permit gets its environmental permit from the municipality (Environmental Protection Act, section 27, annex 1).")),
			rule("env_unknown", "scale == 'unknown'", "te-environmental-permit-municipal", possible, tx3(
				"Ympäristölupa voi olla tarpeen; kunnan ympäristönsuojelu neuvoo, kumpi viranomainen on toimivaltainen.",
				"Ett miljötillstånd kan behövas; kommunens miljöskydd ger råd om vilken myndighet som är behörig.",
				"An environmental permit may be needed; the municipality's environmental protection advises which authority decides.")),
			rule("registration", "scale == 'registered'", "te-ysl-registration", certain, tx3(
				"Rekisteröitävästä toiminnasta ilmoitetaan kunnalle viimeistään 90 vuorokautta ennen aloittamista (ympäristönsuojelulaki 116 §).",
				"Registreringspliktig verksamhet anmäls till kommunen senast 90 dygn innan den inleds (miljöskyddslagen 116 §).",
				"A registered activity is notified to the municipality at least 90 days before it starts (Environmental Protection Act, section 116).")),
			rule("chemicals_small", "chemicals == 'small'", "te-chemical-notification", certain, tx3(
				"Vaarallisten kemikaalien vähäisestä käsittelystä ja varastoinnista ilmoitetaan pelastusviranomaiselle (laki 390/2005 24 §).",
				"Hantering och lagring av farliga kemikalier i liten skala anmäls till räddningsmyndigheten (lag 390/2005 24 §).",
				"Small-scale handling and storage of hazardous chemicals is notified to the rescue authority (Act 390/2005, section 24).")),
			rule("chemicals_large", "chemicals == 'large'", "te-chemical-permit", certain, tx3(
				"Laajamittainen kemikaalien käsittely ja varastointi vaatii Tukesin luvan ennen rakentamista (laki 390/2005 23 §).",
				"Hantering och lagring av kemikalier i stor skala kräver Tukes tillstånd före byggandet (lag 390/2005 23 §).",
				"Large-scale handling and storage of chemicals needs a permit from Tukes before building (Act 390/2005, section 23).")),
			rule("building", "new_building", "te-building-permit", certain, tx3(
				"Tuotanto- ja varastorakennusten rakentaminen ja laajentaminen vaatii rakentamisluvan (rakentamislaki 751/2023).",
				"Byggande och utbyggnad av produktions- och lagerbyggnader kräver bygglov (bygglagen 751/2023).",
				"Building or extending production and storage buildings needs a building permit (Building Act 751/2023).")),
			rule("waste", "treats_waste", "te-waste-treatment-permit", certain, tx3(
				"Jätteen ammattimainen käsittely vaatii ympäristöluvan (ympäristönsuojelulaki 27 §, jätelaki 646/2011).",
				"Yrkesmässig avfallsbehandling kräver miljötillstånd (miljöskyddslagen 27 §, avfallslagen 646/2011).",
				"Treating waste professionally needs an environmental permit (Environmental Protection Act, section 27; Waste Act 646/2011).")),
			rule("pressure", "pressure_equipment", "te-pressure-equipment-registration", certain, tx3(
				"Rekisteröitävät painelaitteet merkitään Tukesin rekisteriin ennen käyttöönottoa (painelaitelaki 1144/2016).",
				"Registreringspliktiga tryckbärande anordningar förs in i Tukes register före ibruktagandet (lagen om tryckbärande anordningar 1144/2016).",
				"Registrable pressure equipment is entered in the Tukes register before use (Pressure Equipment Act 1144/2016).")),
			rule("noise", "noisy_works", "ta-noise-notification", possible, tx3(
				"Tilapäisestä erityisen häiritsevää melua tai tärinää aiheuttavasta työstä tehdään meluilmoitus kunnalle (ympäristönsuojelulaki 118 §).",
				"Tillfälligt arbete som orsakar särskilt störande buller eller vibrationer anmäls till kommunen (miljöskyddslagen 118 §).",
				"Temporary work that causes particularly disturbing noise or vibration is notified to the municipality (Environmental Protection Act, section 118).")),
		},
	}
}
